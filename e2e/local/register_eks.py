"""Registers the local cluster in moto as EKS would have it, so IRSA discovery works unchanged:
an EKS cluster record named after the cluster and an IAM OIDC provider for its issuer.

Run by e2e/local/up.sh with the moto venv's python; the AWS_* variables of .local/env.sh point
boto3 at moto. Idempotent: what already exists is kept.

    register_eks.py CLUSTER_NAME KUBERNETES_MINOR_VERSION   (e.g. msa 1.36)
"""

import sys

import boto3

# IAM wants a certificate thumbprint; moto does not check it.
THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
CLIENT_ID = "sts.amazonaws.com"


def main(name: str, version: str) -> None:
    eks = boto3.client("eks")
    iam = boto3.client("iam")
    account = boto3.client("sts").get_caller_identity()["Account"]

    try:
        cluster = eks.describe_cluster(name=name)["cluster"]
    except eks.exceptions.ResourceNotFoundException:
        eks.create_cluster(
            name=name,
            version=version,
            roleArn=f"arn:aws:iam::{account}:role/{name}-eks-cluster",
            resourcesVpcConfig={"subnetIds": []},
        )
        # the issuer is what DescribeCluster reports, as IRSA discovery reads it
        cluster = eks.describe_cluster(name=name)["cluster"]
    issuer = cluster["identity"]["oidc"]["issuer"]

    # an OIDC provider's ARN ends with its URL without the scheme
    wanted = issuer.removeprefix("https://")
    arns = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    if not any(arn.endswith(f":oidc-provider/{wanted}") for arn in arns):
        iam.create_open_id_connect_provider(
            Url=issuer, ClientIDList=[CLIENT_ID], ThumbprintList=[THUMBPRINT]
        )
    print(f"[up] EKS cluster {name!r} registered in moto, OIDC issuer {issuer}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
