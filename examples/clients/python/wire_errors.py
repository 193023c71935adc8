"""Calls fraiseql-wire's QueryService.StreamQuery from Python and prints the decoded google.rpc
details of two failures: a non-retriable one (an entity that does not exist) and a retriable one (a
second stream while the server's only pooled connection is busy; run the server with
FRAISEQL_WIRE_POOL_SIZE=1).

Stubs are generated from proto/ at run time with grpcio-tools into a temporary folder, so nothing
generated is checked in. grpc_status.rpc_status decodes grpc-status-details-bin and refuses details
whose code or message differ from the status's own.
"""
import argparse
import os
import sys
import tempfile
import time

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def load_stubs():
    out = tempfile.mkdtemp(prefix="wire-py-stubs-")
    proto_dir = os.path.join(ROOT, "proto")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["protoc", f"-I{proto_dir}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}",
            "fraiseql/wire/v1/query_service.proto"]
    if protoc.main(args) != 0:
        sys.exit("wire_errors: protoc failed to generate the stubs")
    sys.path.insert(0, out)
    from fraiseql.wire.v1 import query_service_pb2, query_service_pb2_grpc  # noqa: E402
    return query_service_pb2, query_service_pb2_grpc


def print_status(error):
    print(f"status: {error.code().name} ({error.code().value[0]})")
    print(f"message: {error.details()}")
    status = rpc_status.from_call(error)
    if status is None:
        print("details: none")
        return
    retry = False
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            print(f"error_info.reason: {info.reason}")
            print(f"error_info.domain: {info.domain}")
            for key in sorted(info.metadata):
                print(f"error_info.metadata.{key}: {info.metadata[key]}")
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            detail.Unpack(info)
            retry = True
            print(f"retry_info.retry_delay: {info.retry_delay.ToTimedelta().total_seconds()}s")
        elif detail.Is(error_details_pb2.Help.DESCRIPTOR):
            info = error_details_pb2.Help()
            detail.Unpack(info)
            for link in info.links:
                print(f"help: {link.url}")
        elif detail.Is(error_details_pb2.QuotaFailure.DESCRIPTOR):
            info = error_details_pb2.QuotaFailure()
            detail.Unpack(info)
            for v in info.violations:
                print(f"quota_failure: {v.subject}: {v.description}")
        elif detail.Is(error_details_pb2.ResourceInfo.DESCRIPTOR):
            info = error_details_pb2.ResourceInfo()
            detail.Unpack(info)
            print(f"resource_info: {info.resource_type} {info.resource_name}")
    if not retry:
        print("retry_info: none")


def stream_query(stub, pb2, entity):
    try:
        for _ in stub.StreamQuery(pb2.StreamQueryRequest(entity=entity)):
            pass
        print("status: OK (no error)")
    except grpc.RpcError as error:
        print_status(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:50051")
    parser.add_argument("--missing-entity", default="projets")
    parser.add_argument("--slow-entity", default="slow")
    parser.add_argument("--busy-entity", default="items")
    args = parser.parse_args()
    pb2, pb2_grpc = load_stubs()
    with grpc.insecure_channel(args.addr) as channel:
        stub = pb2_grpc.QueryServiceStub(channel)
        print(f"--- non-retriable: StreamQuery entity={args.missing_entity!r}")
        stream_query(stub, pb2, args.missing_entity)
        holder = stub.StreamQuery(pb2.StreamQueryRequest(entity=args.slow_entity))
        time.sleep(0.3)  # let the holding stream take the connection first
        print(f"--- retriable: StreamQuery entity={args.busy_entity!r} while entity={args.slow_entity!r} holds the pool")
        stream_query(stub, pb2, args.busy_entity)
        holder.cancel()


if __name__ == "__main__":
    main()
