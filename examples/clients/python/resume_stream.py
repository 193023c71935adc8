"""Streams an entity from fraiseql-wire in Python, resuming with resume tokens when a call breaks
(the server or its database restarting, a replica lost, a proxy cutting the stream): every row
arrives once, in order (docs/resume.md). stream_rows() is the whole resume loop.

Prints the number of rows, the resumes, and a SHA-256 over the rows (each followed by a newline).
--pause-at-row N stops after row N until a line arrives on stdin (so a test can break the stream
there), after printing "paused at row N".
"""
import argparse
import hashlib
import random
import sys
import time

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from wire_errors import load_stubs


def backoff(failures):
    """Jittered exponential backoff: 0.1 s doubling up to 5 s, half of it random."""
    return min(5.0, 0.1 * 2 ** (failures - 1)) * random.uniform(0.5, 1.0)


def retry_delay(error, failures):
    """Seconds to wait before retrying `error`, or None when ErrorInfo says it is not retriable."""
    status = rpc_status.from_call(error)
    retriable, delay = error.code() == grpc.StatusCode.UNAVAILABLE, 0.0
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            retriable = info.metadata.get("retriable") == "true"
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            detail.Unpack(info)
            delay = info.retry_delay.ToTimedelta().total_seconds()
    return max(delay, backoff(failures)) if retriable else None


def stream_rows(stub, request, on_resume, max_failures=10):
    """Yields every row of the query once: when a call breaks, the next one asks for the rows after
    the last message taken (its resume_token). Gives up after max_failures calls in a row without rows."""
    failures = 0
    while True:
        try:
            for message in stub.StreamQuery(request):
                yield from message.rows  # when this returns, the caller has taken every row
                if message.HasField("stats"):
                    return  # the final message: the stream is complete
                request.resume_token, failures = message.resume_token, 0
            if failures + 1 >= max_failures:
                raise RuntimeError("the stream was cut short (no stats) too often")
            delay = backoff(failures + 1)  # it ended without its stats: cut short
        except grpc.RpcError as error:
            delay = retry_delay(error, failures + 1)
            if delay is None or failures + 1 >= max_failures:
                raise
        failures += 1
        on_resume(failures, delay)
        time.sleep(delay)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:50051")
    parser.add_argument("--entity", default="projects")
    parser.add_argument("--order-by", default="")
    parser.add_argument("--chunk-rows", type=int, default=0)
    parser.add_argument("--pause-at-row", type=int, default=0)
    args = parser.parse_args()
    pb2, pb2_grpc = load_stubs()
    resumes = []
    with grpc.insecure_channel(args.addr) as channel:
        stub = pb2_grpc.QueryServiceStub(channel)
        request = pb2.StreamQueryRequest(entity=args.entity, order_by=args.order_by, chunk_rows=args.chunk_rows)
        digest, count = hashlib.sha256(), 0
        on_resume = lambda failures, delay: resumes.append(f"after {count} rows, in {delay:.2f} s")  # noqa: E731
        for row in stream_rows(stub, request, on_resume):
            digest.update(row.encode() + b"\n")
            count += 1
            if count == args.pause_at_row:
                print(f"paused at row {count}", flush=True)
                sys.stdin.readline()
    print(f"rows: {count}")
    print(f"resumes: {len(resumes)}")
    for resume in resumes:
        print(f"resume: {resume}")
    print(f"sha256: {digest.hexdigest()}")


if __name__ == "__main__":
    main()
