//! Trace file parsing (CSV and libCacheSim oracleGeneral).
