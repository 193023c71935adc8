package main

import (
	"fmt"
	"sort"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// printStatus prints a call's gRPC status and its decoded google.rpc details. status.FromError
// reads grpc-status-details-bin; grpc-go (>= 1.59) drops details whose code or message differ
// from the status's own, so "details: none" here means the server broke that rule.
func printStatus(err error) {
	if err == nil {
		fmt.Println("status: OK (no error)")
		return
	}
	st, _ := status.FromError(err)
	fmt.Printf("status: %s (%d)\n", st.Code(), int(st.Code()))
	fmt.Printf("message: %s\n", st.Message())
	details := st.Details()
	if len(details) == 0 {
		fmt.Println("details: none")
	}
	retry := false
	for _, d := range details {
		switch info := d.(type) {
		case *errdetails.ErrorInfo:
			fmt.Printf("error_info.reason: %s\n", info.GetReason())
			fmt.Printf("error_info.domain: %s\n", info.GetDomain())
			keys := make([]string, 0, len(info.GetMetadata()))
			for k := range info.GetMetadata() {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Printf("error_info.metadata.%s: %s\n", k, info.GetMetadata()[k])
			}
		case *errdetails.RetryInfo:
			retry = true
			fmt.Printf("retry_info.retry_delay: %s\n", info.GetRetryDelay().AsDuration())
		case *errdetails.Help:
			for _, l := range info.GetLinks() {
				fmt.Printf("help: %s\n", l.GetUrl())
			}
		case *errdetails.QuotaFailure:
			for _, v := range info.GetViolations() {
				fmt.Printf("quota_failure: %s: %s\n", v.GetSubject(), v.GetDescription())
			}
		case *errdetails.ResourceInfo:
			fmt.Printf("resource_info: %s %s\n", info.GetResourceType(), info.GetResourceName())
		case error:
			fmt.Printf("undecodable detail: %v\n", info)
		}
	}
	if !retry {
		fmt.Println("retry_info: none")
	}
}
