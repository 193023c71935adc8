// The parts of a buf image (`buf build -o -#format=json`: a FileDescriptorSet with source info, in
// protobuf's JSON mapping) that docs/api.md is rendered from.

/** One element's comments; `path` is its position in the descriptor (protobuf's SourceCodeInfo). */
export interface SourceLocation {
  readonly path?: readonly number[];
  readonly leadingComments?: string;
  readonly trailingComments?: string;
}

/** A field of a message. */
export interface FieldProto {
  readonly name: string;
  readonly number: number;
  readonly label?: string;
  readonly type: string;
  readonly typeName?: string;
  readonly oneofIndex?: number;
  readonly proto3Optional?: boolean;
}

/** A message, with its nested types. */
export interface MessageProto {
  readonly name: string;
  readonly field?: readonly FieldProto[];
  readonly nestedType?: readonly MessageProto[];
  readonly enumType?: readonly EnumProto[];
  readonly oneofDecl?: ReadonlyArray<{ readonly name: string }>;
}

/** An enum. */
export interface EnumProto {
  readonly name: string;
  readonly value: ReadonlyArray<{ readonly name: string; readonly number?: number }>;
}

/** A service. */
export interface ServiceProto {
  readonly name: string;
  readonly method: ReadonlyArray<{
    readonly name: string;
    readonly inputType: string;
    readonly outputType: string;
    readonly clientStreaming?: boolean;
    readonly serverStreaming?: boolean;
  }>;
}

/** One .proto file. */
export interface FileProto {
  readonly name: string;
  readonly package: string;
  readonly messageType?: readonly MessageProto[];
  readonly enumType?: readonly EnumProto[];
  readonly service?: readonly ServiceProto[];
  readonly sourceCodeInfo?: { readonly location: readonly SourceLocation[] };
}

/** What `buf build` writes. */
export interface ProtoImage {
  readonly file: readonly FileProto[];
}
