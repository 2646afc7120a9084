package dev.sutra.bench.scale;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A {@code DiscoveryResponse} as a simulated sidecar reads it: type, version and nonce decoded,
 * the resources only located (offset and length of each packed {@code Any}) and decoded on demand,
 * which the simulator does for CDS and LDS only (to learn the EDS and RDS names to subscribe to).
 * Thousands of simulated sidecars share the control plane's machine; decoding every endpoint of
 * every push thousands of times would measure the simulator, not the control plane.
 *
 * @param typeUrl {@code type_url}
 * @param version {@code version_info}
 * @param nonce {@code nonce}
 * @param bytes the whole message as received
 * @param resources offsets and lengths of the packed resources in {@code bytes}, in pairs
 */
record LightResponse(String typeUrl, String version, String nonce, byte[] bytes, int[] resources) {

    /** How many resources it carries. */
    int resourceCount() {
        return resources.length / 2;
    }

    /** Resource {@code i}, decoded. */
    Any resource(int i) throws IOException {
        return Any.parseFrom(CodedInputStream.newInstance(bytes, resources[2 * i], resources[2 * i + 1]));
    }

    static LightResponse parse(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String type = "";
        String version = "";
        String nonce = "";
        int[] resources = new int[16];
        int count = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case DiscoveryResponse.VERSION_INFO_FIELD_NUMBER -> version = in.readStringRequireUtf8();
                case DiscoveryResponse.RESOURCES_FIELD_NUMBER -> {
                    int length = in.readRawVarint32();
                    if (count + 2 > resources.length) {
                        resources = Arrays.copyOf(resources, resources.length * 2);
                    }
                    resources[count++] = in.getTotalBytesRead();
                    resources[count++] = length;
                    in.skipRawBytes(length);
                }
                case DiscoveryResponse.TYPE_URL_FIELD_NUMBER -> type = in.readStringRequireUtf8();
                case DiscoveryResponse.NONCE_FIELD_NUMBER -> nonce = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        return new LightResponse(type, version, nonce, bytes, Arrays.copyOf(resources, count));
    }

    /** The gRPC marshaller: responses read this way, never written. */
    static final class Marshaller implements MethodDescriptor.Marshaller<LightResponse> {
        @Override
        public InputStream stream(LightResponse value) {
            return new ByteArrayInputStream(value.bytes());
        }

        @Override
        public LightResponse parse(InputStream stream) {
            try {
                return LightResponse.parse(stream.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("undecodable DiscoveryResponse", e);
            }
        }
    }
}
