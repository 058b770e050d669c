package dev.msa.operator.api;

/** What a DynamoDB stream record holds. */
public enum StreamViewType {
  NEW_AND_OLD_IMAGES,
  NEW_IMAGE,
  OLD_IMAGE,
  KEYS_ONLY
}
