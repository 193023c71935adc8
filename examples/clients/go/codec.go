package main

import (
	"fmt"

	"google.golang.org/grpc/mem"
)

// rawCodec sends and receives messages as already-encoded protobuf bytes, so this example needs
// no generated stubs for QueryService.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	b, ok := v.([]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return mem.BufferSlice{mem.SliceBuffer(b)}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	out, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*out = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }
