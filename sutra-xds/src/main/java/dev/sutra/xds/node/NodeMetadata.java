package dev.sutra.xds.node;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a proxy describes itself in its xDS {@code Node}, and how the control plane reads it back.
 * Istio's metadata keys are used where Istio has them ({@code NAMESPACE}, {@code SERVICE_ACCOUNT},
 * {@code LABELS}, {@code INSTANCE_IPS}, {@code GENERATOR}), so Istio-style bootstraps work; Sutra's
 * own keys start with {@code SUTRA_}. Node ids follow Istio's {@code type~ip~name.namespace~domain}.
 */
public final class NodeMetadata {

    public static final String NAMESPACE = "NAMESPACE";
    public static final String SERVICE_ACCOUNT = "SERVICE_ACCOUNT";
    public static final String LABELS = "LABELS";
    public static final String INSTANCE_IPS = "INSTANCE_IPS";
    public static final String GENERATOR = "GENERATOR";
    public static final String SERVICE = "SUTRA_SERVICE";
    public static final String PORTS = "SUTRA_PORTS";
    public static final String OUTBOUND = "SUTRA_OUTBOUND";
    public static final String UPSTREAMS = "SUTRA_UPSTREAMS";

    private NodeMetadata() {
    }

    /** The node id Istio's convention gives a sidecar. */
    public static String sidecarId(String address, String workloadName, String namespace, String domainSuffix) {
        return "sidecar~" + address + "~" + workloadName + "." + namespace + "~" + namespace + ".svc." + domainSuffix;
    }

    /** The {@code Node} a Sutra proxy sends. */
    public static Node toNode(ProxyNode proxy) {
        Struct.Builder meta = Struct.newBuilder()
                .putFields(NAMESPACE, string(proxy.namespace()))
                .putFields(SERVICE_ACCOUNT, string(proxy.serviceAccount()))
                .putFields(INSTANCE_IPS, string(proxy.address()))
                .putFields(GENERATOR, string(proxy.generator() == Generator.GRPC ? "grpc" : "sutra"));
        if (!proxy.service().isEmpty()) {
            meta.putFields(SERVICE, string(proxy.service()));
        }
        Struct.Builder labels = Struct.newBuilder();
        proxy.labels().forEach((k, v) -> labels.putFields(k, string(v)));
        meta.putFields(LABELS, Value.newBuilder().setStructValue(labels).build());
        ListValue.Builder ports = ListValue.newBuilder();
        for (AppPort p : proxy.ports()) {
            ports.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("name", string(p.name()))
                    .putFields("port", number(p.port()))
                    .putFields("targetPort", number(p.targetPort()))
                    .putFields("protocol", string(p.protocol().name()))
                    .putFields("inboundPort", number(p.inboundPort()))));
        }
        meta.putFields(PORTS, Value.newBuilder().setListValue(ports).build());
        if (proxy.outboundPort() > 0) {
            meta.putFields(OUTBOUND, string(proxy.outboundAddress() + ":" + proxy.outboundPort()));
        }
        ListValue.Builder upstreams = ListValue.newBuilder();
        for (ProxyNode.UpstreamBind u : proxy.upstreams()) {
            upstreams.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("host", string(u.host()))
                    .putFields("port", number(u.port()))
                    .putFields("bind", string(u.bindAddress() + ":" + u.bindPort()))));
        }
        if (!proxy.upstreams().isEmpty()) {
            meta.putFields(UPSTREAMS, Value.newBuilder().setListValue(upstreams).build());
        }
        Node.Builder node = Node.newBuilder()
                .setId(proxy.id())
                .setCluster(proxy.service().isEmpty() ? proxy.namespace() : proxy.service() + "." + proxy.namespace())
                .setMetadata(meta);
        if (!proxy.locality().isEmpty()) {
            node.setLocality(io.envoyproxy.envoy.config.core.v3.Locality.newBuilder()
                    .setRegion(proxy.locality().region())
                    .setZone(proxy.locality().zone())
                    .setSubZone(proxy.locality().subZone()));
        }
        return node.build();
    }

    /**
     * Reads a node as the control plane sees it. The namespace comes from metadata, else from the
     * id ({@code name.namespace} in its third part), else {@code default}; a node that says
     * {@code GENERATOR: grpc} is a proxyless gRPC client.
     */
    public static ProxyNode fromNode(Node node) {
        Map<String, Value> meta = node.getMetadata().getFieldsMap();
        String[] idParts = node.getId().split("~", -1);
        String namespace = text(meta, NAMESPACE);
        if (namespace.isEmpty() && idParts.length == 4) {
            int dot = idParts[2].indexOf('.');
            namespace = dot < 0 ? "" : idParts[2].substring(dot + 1);
            if (namespace.isEmpty() && idParts[3].contains(".svc")) {
                namespace = idParts[3].substring(0, idParts[3].indexOf('.'));
            }
        }
        if (namespace.isEmpty()) {
            namespace = "default";
        }
        String address = text(meta, INSTANCE_IPS);
        if (address.contains(",")) {
            address = address.substring(0, address.indexOf(','));
        }
        if (address.isEmpty() && idParts.length == 4) {
            address = idParts[1];
        }
        String serviceAccount = text(meta, SERVICE_ACCOUNT);
        String service = text(meta, SERVICE);
        if (serviceAccount.isEmpty()) {
            serviceAccount = service.isEmpty() ? "default" : service;
        }
        Generator generator = "grpc".equalsIgnoreCase(text(meta, GENERATOR)) ? Generator.GRPC : Generator.SIDECAR;
        Map<String, String> labels = new LinkedHashMap<>();
        Value labelValue = meta.get(LABELS);
        if (labelValue != null && labelValue.hasStructValue()) {
            labelValue.getStructValue().getFieldsMap().forEach((k, v) -> labels.put(k, v.getStringValue()));
        }
        String outbound = text(meta, OUTBOUND);
        int colon = outbound.lastIndexOf(':');
        String outboundAddress = colon < 0 ? "" : outbound.substring(0, colon);
        int outboundPort = colon < 0 ? 0 : Integer.parseInt(outbound.substring(colon + 1));
        Locality locality = new Locality(node.getLocality().getRegion(), node.getLocality().getZone(),
                node.getLocality().getSubZone());
        return new ProxyNode(node.getId(), generator, namespace, serviceAccount, service, labels, address, locality,
                ports(meta.get(PORTS)), outboundAddress, outboundPort, upstreams(meta.get(UPSTREAMS)));
    }

    private static List<AppPort> ports(Value value) {
        List<AppPort> ports = new ArrayList<>();
        if (value == null || !value.hasListValue()) {
            return ports;
        }
        for (Value v : value.getListValue().getValuesList()) {
            Map<String, Value> f = v.getStructValue().getFieldsMap();
            int port = (int) f.getOrDefault("port", Value.getDefaultInstance()).getNumberValue();
            int target = (int) f.getOrDefault("targetPort", Value.getDefaultInstance()).getNumberValue();
            ports.add(new AppPort(text(f, "name"), port, target == 0 ? port : target,
                    Protocol.parse(text(f, "protocol")),
                    (int) f.getOrDefault("inboundPort", Value.getDefaultInstance()).getNumberValue()));
        }
        return ports;
    }

    private static List<ProxyNode.UpstreamBind> upstreams(Value value) {
        List<ProxyNode.UpstreamBind> out = new ArrayList<>();
        if (value == null || !value.hasListValue()) {
            return out;
        }
        for (Value v : value.getListValue().getValuesList()) {
            Map<String, Value> f = v.getStructValue().getFieldsMap();
            String bind = text(f, "bind");
            int colon = bind.lastIndexOf(':');
            out.add(new ProxyNode.UpstreamBind(text(f, "host"),
                    (int) f.getOrDefault("port", Value.getDefaultInstance()).getNumberValue(),
                    bind.substring(0, colon), Integer.parseInt(bind.substring(colon + 1))));
        }
        return out;
    }

    private static String text(Map<String, Value> fields, String key) {
        Value v = fields.get(key);
        return v == null ? "" : v.getStringValue();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value number(int n) {
        return Value.newBuilder().setNumberValue(n).build();
    }
}
