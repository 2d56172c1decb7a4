import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { FileDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';
import { mapEntryName, withProtocMapEntryNames } from './reflection-descriptors';

describe('reflection descriptors', () => {
  it.each([
    ['statuses', 'StatusesEntry'],
    ['labels_by_name', 'LabelsByNameEntry'],
    ['x', 'XEntry'],
  ])('names the entry of map field %s %s, as protoc does', (field, entry) => {
    expect(mapEntryName(field)).toBe(entry);
  });

  it('renames the health list map entry and the field that refers to it', () => {
    const definition = withProtocMapEntryNames(protoLoader.loadSync(healthProtoPath, { keepCase: true }));
    const [bytes] = (definition['grpc.health.v1.HealthListResponse'] as { fileDescriptorProtos: Buffer[] }).fileDescriptorProtos;
    const file = FileDescriptorProto.decode(bytes) as IFileDescriptorProto;
    const list = file.messageType?.find((message) => message.name === 'HealthListResponse');
    expect(list?.nestedType?.map((type) => type.name)).toEqual(['StatusesEntry']);
    expect(list?.field?.find((field) => field.name === 'statuses')?.typeName).toBe('StatusesEntry');
  });
});
