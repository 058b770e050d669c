/** The custom resources of msa.dev/v1alpha1: Microservice, DataStore and EventSubscription. */
package dev.msa.operator.api;
