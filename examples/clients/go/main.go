// Command wire-errors calls fraiseql-wire's QueryService/StreamQuery from Go and prints the
// google.rpc details of two failures: a non-retriable one (an entity that does not exist) and a
// retriable one (a second stream while the server's only pooled connection is busy; run the
// server with FRAISEQL_WIRE_POOL_SIZE=1). With -resume-entity it streams an entity instead,
// resuming with resume tokens when a call breaks (resume.go).
//
// It needs no generated code: requests are encoded with protowire and sent as raw bytes, and the
// details are decoded by grpc-go's status package with genproto's errdetails types.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protowire"
)

const method = "/fraiseql.wire.v1.QueryService/StreamQuery"

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "host:port of a fraiseql-wire server")
	missing := flag.String("missing-entity", "projets", "an entity that does not exist (non-retriable error)")
	slow := flag.String("slow-entity", "slow", "an entity whose first rows take seconds (holds the pool's only connection)")
	busy := flag.String("busy-entity", "items", "an entity to ask for while the pool is busy (retriable error)")
	resumeEntity := flag.String("resume-entity", "", "instead: stream this entity, resuming with resume tokens when a call breaks (resume.go)")
	orderBy := flag.String("order-by", "", "with -resume-entity: the order_by")
	chunkRows := flag.Uint64("chunk-rows", 0, "with -resume-entity: rows per message")
	pauseAtRow := flag.Int("pause-at-row", 0, "with -resume-entity: stop after this row until a line arrives on stdin")
	flag.Parse()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(err)
	}
	defer conn.Close()

	if *resumeEntity != "" {
		runResume(conn, query{entity: *resumeEntity, orderBy: *orderBy, chunkRows: *chunkRows}, *pauseAtRow)
		return
	}

	fmt.Printf("--- non-retriable: StreamQuery entity=%q\n", *missing)
	printStatus(streamQuery(context.Background(), conn, *missing))

	holdCtx, release := context.WithCancel(context.Background())
	defer release()
	if _, err := openStream(holdCtx, conn, *slow); err != nil {
		fail(err)
	}
	time.Sleep(300 * time.Millisecond) // let the holding stream take the connection first
	fmt.Printf("--- retriable: StreamQuery entity=%q while entity=%q holds the pool\n", *busy, *slow)
	printStatus(streamQuery(context.Background(), conn, *busy))
}

// streamQuery reads a whole stream and returns its final error (nil on success).
func streamQuery(ctx context.Context, conn *grpc.ClientConn, entity string) error {
	stream, err := openStream(ctx, conn, entity)
	if err != nil {
		return err
	}
	for {
		var reply []byte
		if err := stream.RecvMsg(&reply); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func openStream(ctx context.Context, conn *grpc.ClientConn, entity string) (grpc.ClientStream, error) {
	desc := &grpc.StreamDesc{StreamName: "StreamQuery", ServerStreams: true}
	stream, err := conn.NewStream(ctx, desc, method, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		return nil, err
	}
	// StreamQueryRequest{entity: entity}: field 1, length-delimited.
	request := protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), entity)
	if err := stream.SendMsg(request); err != nil {
		return nil, err
	}
	return stream, stream.CloseSend()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wire-errors:", err)
	os.Exit(1)
}
