import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import type { PackageDefinition } from "@grpc/proto-loader";

/**
 * Makes proto-loader's descriptors resolvable by reflection clients. proto-loader merges the files of
 * one package (google_rpc.proto, google_protobuf.proto), writes type references relative to the
 * package ("protobuf.Any") and lists no imports, so grpcurl cannot resolve google.rpc.Status and
 * prints error details as raw bytes (grpc-node issue 2595). This rewrites every reference as an
 * absolute name (".google.protobuf.Any") and adds the import of the file that defines it. It also
 * renames map entries as protoc does ("MetadataEntry", not protobufjs's "Metadata").
 */
export function linkDescriptors(definition: PackageDefinition): PackageDefinition {
  const files = new Map<string, FileDescriptorProto>();
  const nameOf = new Map<Buffer, string>();
  for (const entry of Object.values(definition)) {
    for (const bin of descriptorsOf(entry) ?? []) {
      const file = fromBinary(FileDescriptorProtoSchema, bin);
      nameOf.set(bin, file.name);
      if (!files.has(file.name)) files.set(file.name, file);
    }
  }
  for (const file of files.values()) renameMapEntries(file.messageType);
  const owner = new Map<string, string>(); // fully qualified type name → file name
  for (const file of files.values()) {
    const visit = (scope: string, messages: readonly DescriptorProto[]): void => {
      for (const m of messages) {
        owner.set(`${scope}.${m.name}`, file.name);
        for (const e of m.enumType) owner.set(`${scope}.${m.name}.${e.name}`, file.name);
        visit(`${scope}.${m.name}`, m.nestedType);
      }
    };
    for (const e of file.enumType) owner.set(`${file.package}.${e.name}`, file.name);
    visit(file.package, file.messageType);
  }
  const encoded = new Map<string, Buffer>();
  for (const file of files.values()) {
    const imports = new Set(file.dependency);
    // Proto scoping: look the name up from the innermost scope outwards.
    const absolute = (scope: string, name: string): string => {
      if (name === "" || name.startsWith(".")) return name;
      for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf(".")))) {
        const fqn = s === "" ? name : `${s}.${name}`;
        const defined = owner.get(fqn);
        if (defined !== undefined) {
          if (defined !== file.name) imports.add(defined);
          return `.${fqn}`;
        }
        if (s === "") return name;
      }
    };
    const fix = (scope: string, messages: readonly DescriptorProto[]): void => {
      for (const m of messages) {
        const inner = `${scope}.${m.name}`;
        for (const f of m.field) f.typeName = absolute(inner, f.typeName);
        fix(inner, m.nestedType);
      }
    };
    fix(file.package, file.messageType);
    for (const service of file.service) {
      for (const method of service.method) {
        method.inputType = absolute(file.package, method.inputType);
        method.outputType = absolute(file.package, method.outputType);
      }
    }
    file.dependency = [...imports];
    encoded.set(file.name, Buffer.from(toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, file))));
  }
  const linked: PackageDefinition = {};
  for (const [name, entry] of Object.entries(definition)) {
    const bins = descriptorsOf(entry);
    linked[name] = bins === undefined ? entry : ({ ...entry, fileDescriptorProtos: bins.map((b) => encoded.get(nameOf.get(b)!)!) } as typeof entry);
  }
  return linked;
}

function renameMapEntries(messages: readonly DescriptorProto[]): void {
  for (const m of messages) {
    for (const entry of m.nestedType.filter((n) => n.options?.mapEntry === true)) {
      const field = m.field.find((f) => f.typeName === entry.name || f.typeName.endsWith(`.${entry.name}`));
      if (field === undefined) continue;
      const name = `${field.name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Entry`;
      field.typeName = field.typeName.slice(0, field.typeName.length - entry.name.length) + name;
      entry.name = name;
    }
    renameMapEntries(m.nestedType);
  }
}

function descriptorsOf(entry: unknown): Buffer[] | undefined {
  return (entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos;
}
