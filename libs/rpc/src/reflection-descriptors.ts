import type { PackageDefinition } from '@grpc/proto-loader';
import { FileDescriptorProto, type IDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';

/** The name protoc gives the implicit entry message of map field `field`: `statuses` → `StatusesEntry`. */
export function mapEntryName(field: string): string {
  return `${field.replace(/(?:^|_)([a-z])/g, (_match, letter: string) => letter.toUpperCase()).replace(/_/g, '')}Entry`;
}

/**
 * protobufjs (under proto-loader) names a map field's implicit entry message after the field
 * (`Statuses`) where protoc and the protobuf spec say `StatusesEntry`; strict reflection clients
 * (grpcurl, grpcui, Postman, all through Go's or Java's descriptor validation) then refuse the
 * whole file ("incorrect implicit map entry name"). Renames each such entry and the field's
 * reference to it.
 */
function fixMapEntries(message: IDescriptorProto): void {
  const nested = message.nestedType ?? [];
  for (const field of message.field ?? []) {
    const entry = nested.find((type) => type.options?.mapEntry && field.typeName !== undefined && field.typeName !== null && lastSegment(field.typeName) === type.name);
    if (!entry || !field.name) continue;
    const expected = mapEntryName(field.name);
    if (entry.name === expected) continue;
    entry.name = expected;
    field.typeName = `${field.typeName?.slice(0, field.typeName.length - lastSegment(field.typeName ?? '').length)}${expected}`;
  }
  for (const type of nested) fixMapEntries(type);
}

function lastSegment(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

/**
 * The package definition with every file descriptor corrected as {@link fixMapEntries} says, for
 * the reflection service (which reads only `fileDescriptorProtos`).
 */
export function withProtocMapEntryNames(definition: PackageDefinition): PackageDefinition {
  const fixed = new Map<Buffer, Buffer>();
  const fix = (bytes: Buffer): Buffer => {
    let result = fixed.get(bytes);
    if (!result) {
      const file = FileDescriptorProto.decode(bytes) as IFileDescriptorProto;
      for (const message of file.messageType ?? []) fixMapEntries(message);
      result = Buffer.from(FileDescriptorProto.encode(FileDescriptorProto.fromObject(file as Record<string, unknown>)).finish());
      fixed.set(bytes, result);
    }
    return result;
  };
  return Object.fromEntries(
    Object.entries(definition).map(([name, value]) => {
      const files = (value as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos;
      return [name, Array.isArray(files) ? { ...value, fileDescriptorProtos: files.map(fix) } : value];
    }),
  ) as PackageDefinition;
}
