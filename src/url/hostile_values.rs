//! Values no parser may accept, from the hostile-link generator's list
//! (`tests/e2e/hostile.spec.ts` feeds links like these to the page): every
//! parser's hostile-input test walks them.

pub(super) const HOSTILE: [&str; 10] = [
    "-1",
    "1e400",
    "NaN",
    "Infinity",
    "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    "18446744073709551616000",
    "0x10",
    "%zz%4",
    "%E2%9C%93",
    "~AAAA",
];
