package dev.msa.operator.api;

/** What a Microservice may do with a bound table. */
public enum DataStoreAccess {
  /** Item reads and writes. */
  ReadWrite,
  /** GetItem, BatchGetItem, Query, Scan and DescribeTable only. */
  ReadOnly
}
