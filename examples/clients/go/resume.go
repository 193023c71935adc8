package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
)

// query is the StreamQueryRequest of the resume example; resumeToken changes as rows arrive.
type query struct {
	entity, orderBy string
	chunkRows       uint64
	resumeToken     []byte
}

// streamRows calls onRow for every row of the query once: when a call breaks, the next one asks
// for the rows after the last message received (its resume_token). It gives up after maxFailures
// calls in a row without rows, or at an error ErrorInfo does not mark retriable.
func streamRows(ctx context.Context, conn *grpc.ClientConn, q query, onRow func(string), onResume func(int, time.Duration)) error {
	const maxFailures = 10
	failures := 0
	for {
		err := readStream(ctx, conn, q, func(m response) {
			for _, row := range m.rows {
				onRow(row)
			}
			if len(m.rows) > 0 {
				q.resumeToken, failures = m.resumeToken, 0
			}
		})
		if err == nil {
			return nil
		}
		delay, retriable := retryDelay(err, failures+1)
		if !retriable || failures+1 >= maxFailures {
			return err
		}
		failures++
		onResume(failures, delay)
		time.Sleep(delay)
	}
}

var errCutShort = errors.New("the stream ended without its final stats message: it was cut short")

// retryDelay says whether err is retriable (ErrorInfo metadata "retriable", else UNAVAILABLE) and
// how long to wait: RetryInfo's delay, or jittered exponential backoff if that is longer.
func retryDelay(err error, failures int) (time.Duration, bool) {
	backoff := time.Duration(float64(min(5*time.Second, 100*time.Millisecond<<(failures-1))) * (0.5 + rand.Float64()/2))
	if errors.Is(err, errCutShort) {
		return backoff, true
	}
	st, _ := status.FromError(err)
	retriable, delay := st.Code() == codes.Unavailable, time.Duration(0)
	for _, d := range st.Details() {
		switch info := d.(type) {
		case *errdetails.ErrorInfo:
			retriable = info.GetMetadata()["retriable"] == "true"
		case *errdetails.RetryInfo:
			delay = info.GetRetryDelay().AsDuration()
		}
	}
	return max(delay, backoff), retriable
}

// response is what the example reads of a StreamQueryResponse.
type response struct {
	rows        []string
	hasStats    bool
	resumeToken []byte
}

// readStream runs one call and hands each message to onMessage; nil only after the final stats message.
func readStream(ctx context.Context, conn *grpc.ClientConn, q query, onMessage func(response)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	desc := &grpc.StreamDesc{StreamName: "StreamQuery", ServerStreams: true}
	stream, err := conn.NewStream(ctx, desc, method, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		return err
	}
	// StreamQueryRequest: entity = 1, order_by = 3, chunk_rows = 6, resume_token = 8.
	request := protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), q.entity)
	request = protowire.AppendString(protowire.AppendTag(request, 3, protowire.BytesType), q.orderBy)
	request = protowire.AppendVarint(protowire.AppendTag(request, 6, protowire.VarintType), q.chunkRows)
	request = protowire.AppendBytes(protowire.AppendTag(request, 8, protowire.BytesType), q.resumeToken)
	if err := stream.SendMsg(request); err != nil {
		return err
	}
	if err := stream.CloseSend(); err != nil {
		return err
	}
	for {
		var reply []byte
		if err := stream.RecvMsg(&reply); err != nil {
			if errors.Is(err, io.EOF) {
				return errCutShort
			}
			return err
		}
		m, err := decodeResponse(reply)
		if err != nil {
			return err
		}
		onMessage(m)
		if m.hasStats {
			return nil
		}
	}
}

// decodeResponse reads StreamQueryResponse: rows = 1, stats = 3, resume_token = 4 (others skipped).
func decodeResponse(b []byte) (response, error) {
	var m response
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return m, protowire.ParseError(n)
		}
		b = b[n:]
		if typ != protowire.BytesType || num < 1 || num > 4 || num == 2 {
			n = protowire.ConsumeFieldValue(num, typ, b)
		} else {
			var v []byte
			v, n = protowire.ConsumeBytes(b)
			switch num {
			case 1:
				m.rows = append(m.rows, string(v))
			case 3:
				m.hasStats = true
			case 4:
				m.resumeToken = append([]byte(nil), v...)
			}
		}
		if n < 0 {
			return m, protowire.ParseError(n)
		}
		b = b[n:]
	}
	return m, nil
}

// runResume streams q and prints the rows' count, the resumes and a SHA-256 over the rows (each
// followed by a newline). With pauseAtRow > 0 it stops after that row until a line comes on stdin.
func runResume(conn *grpc.ClientConn, q query, pauseAtRow int) {
	hash, count := sha256.New(), 0
	stdin := bufio.NewReader(os.Stdin)
	var resumes []string
	onRow := func(row string) {
		hash.Write([]byte(row + "\n"))
		count++
		if count == pauseAtRow {
			fmt.Printf("paused at row %d\n", count)
			_, _ = stdin.ReadString('\n')
		}
	}
	onResume := func(_ int, delay time.Duration) {
		resumes = append(resumes, fmt.Sprintf("after %d rows, in %.2f s", count, delay.Seconds()))
	}
	if err := streamRows(context.Background(), conn, q, onRow, onResume); err != nil {
		fail(err)
	}
	fmt.Printf("rows: %d\nresumes: %d\n", count, len(resumes))
	for _, r := range resumes {
		fmt.Printf("resume: %s\n", r)
	}
	fmt.Printf("sha256: %x\n", hash.Sum(nil))
}
