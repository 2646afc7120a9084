package dev.sutra.proxy.config;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.proxy.accesslog.AccessLogFormat;
import dev.sutra.proxy.router.RouteTable;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;

/**
 * LDS resources to {@link CompiledListener}s. Sutra's proxy runs what Sutra's control plane emits:
 * one filter chain per listener with one network filter, the HTTP connection manager (routes by
 * RDS or inline; fault and router filters) or the TCP proxy. Anything else is rejected by name, so
 * the proxy NACKs rather than run config it would not honour.
 */
final class ListenerCompiler {

    static final String HCM = "envoy.filters.network.http_connection_manager";
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
    static final String ROUTER = "envoy.filters.http.router";
    static final String FAULT = "envoy.filters.http.fault";
    static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

    private static final String HCM_TYPE = "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();
    private static final String TCP_TYPE = "type.googleapis.com/" + TcpProxy.getDescriptor().getFullName();

    private ListenerCompiler() {
    }

    static CompiledListener compile(Listener listener) throws InvalidConfigException {
        String name = listener.getName();
        if (listener.hasApiListener()) {
            throw error(name, "api_listener", "API listeners are for proxyless clients, not a proxy");
        }
        if (!listener.getAddress().hasSocketAddress()) {
            throw error(name, "address", "a socket address is required");
        }
        var socket = listener.getAddress().getSocketAddress();
        if (socket.getPortValue() <= 0 || socket.getPortValue() > 65535) {
            throw error(name, "address.socket_address.port_value", socket.getPortValue() + " (expected: 1-65535)");
        }
        for (var f : listener.getListenerFiltersList()) {
            if (!f.getName().equals(TLS_INSPECTOR)) {
                throw error(name, "listener_filters", "unsupported listener filter \"" + f.getName()
                        + "\" (expected: " + TLS_INSPECTOR + ")");
            }
        }
        if (listener.getFilterChainsCount() == 0 || listener.getFilterChainsCount() > 2) {
            throw error(name, "filter_chains", listener.getFilterChainsCount()
                    + " filter chains (expected: one, or a TLS and a plaintext chain told apart by transport_protocol)");
        }
        List<FilterChainSpec> chains = new ArrayList<>();
        for (int i = 0; i < listener.getFilterChainsCount(); i++) {
            chains.add(chain(name, i, listener.getFilterChains(i)));
        }
        InetSocketAddress address = new InetSocketAddress(socket.getAddress(), socket.getPortValue());
        return new CompiledListener(name, address, listener.getTrafficDirection() == TrafficDirection.INBOUND, chains);
    }

    private static FilterChainSpec chain(String name, int index, FilterChain chain) throws InvalidConfigException {
        String field = "filter_chains[" + index + "]";
        var match = chain.getFilterChainMatch();
        String transport = match.getTransportProtocol();
        if (!match.toBuilder().clearTransportProtocol().build().equals(
                io.envoyproxy.envoy.config.listener.v3.FilterChainMatch.getDefaultInstance())) {
            throw error(name, field + ".filter_chain_match", "only transport_protocol matching is supported");
        }
        if (!transport.isEmpty() && !transport.equals("tls") && !transport.equals("raw_buffer")) {
            throw error(name, field + ".filter_chain_match.transport_protocol", "\"" + transport
                    + "\" (expected: tls or raw_buffer)");
        }
        DownstreamTls tls = null;
        if (chain.hasTransportSocket() && !chain.getTransportSocket().getName().equals(TlsCompiler.RAW)) {
            tls = TlsCompiler.downstream(name, field + ".transport_socket", chain.getTransportSocket());
        }
        if (chain.getFiltersCount() != 1) {
            throw error(name, field + ".filters", chain.getFiltersCount()
                    + " network filters (expected: one, the HTTP connection manager or the TCP proxy)");
        }
        Filter filter = chain.getFilters(0);
        ListenerChain compiled = switch (filter.getName()) {
            case HCM -> http(name, field, unpack(name, field, filter, HCM_TYPE, HttpConnectionManager.class));
            case TCP_PROXY -> tcp(name, field, unpack(name, field, filter, TCP_TYPE, TcpProxy.class));
            default -> throw error(name, field + ".filters[0].name", "unsupported network filter \""
                    + filter.getName() + "\" (expected: " + HCM + " or " + TCP_PROXY + ")");
        };
        return new FilterChainSpec(transport, tls, compiled);
    }

    private static ListenerChain.Http http(String name, String chainField, HttpConnectionManager hcm)
            throws InvalidConfigException {
        String field = chainField + ".filters[0].typed_config";
        String rdsName = null;
        RouteTable inline = null;
        switch (hcm.getRouteSpecifierCase()) {
            case RDS -> {
                if (!hcm.getRds().getConfigSource().hasAds()) {
                    throw error(name, field + ".rds.config_source", "only ADS is supported");
                }
                rdsName = hcm.getRds().getRouteConfigName();
            }
            case ROUTE_CONFIG -> inline = RouteTable.compile(hcm.getRouteConfig());
            default -> throw error(name, field, "route_config or rds is required ("
                    + hcm.getRouteSpecifierCase() + " is not supported)");
        }
        boolean fault = false;
        for (int i = 0; i < hcm.getHttpFiltersCount(); i++) {
            HttpFilter f = hcm.getHttpFilters(i);
            boolean last = i == hcm.getHttpFiltersCount() - 1;
            switch (f.getName()) {
                case ROUTER -> {
                    if (!last) {
                        throw error(name, field + ".http_filters[" + i + "]", "the router must be the last filter");
                    }
                }
                case FAULT -> fault = true;
                default -> {
                    if (!f.getIsOptional()) {
                        throw error(name, field + ".http_filters[" + i + "].name",
                                "unsupported HTTP filter \"" + f.getName() + "\"");
                    }
                }
            }
        }
        if (hcm.getHttpFiltersCount() == 0 || !hcm.getHttpFilters(hcm.getHttpFiltersCount() - 1).getName().equals(ROUTER)) {
            throw error(name, field + ".http_filters", "the router filter must be last");
        }
        Set<String> upgrades = new HashSet<>();
        for (var u : hcm.getUpgradeConfigsList()) {
            if (!u.hasEnabled() || u.getEnabled().getValue()) {
                upgrades.add(u.getUpgradeType().toLowerCase(Locale.ROOT));
            }
        }
        boolean generateId = !hcm.hasGenerateRequestId() || hcm.getGenerateRequestId().getValue();
        boolean remote = hcm.hasUseRemoteAddress() && hcm.getUseRemoteAddress().getValue();
        boolean xfcc = hcm.getForwardClientCertDetails()
                == HttpConnectionManager.ForwardClientCertDetails.APPEND_FORWARD
                || hcm.getForwardClientCertDetails() == HttpConnectionManager.ForwardClientCertDetails.SANITIZE_SET;
        return new ListenerChain.Http(hcm.getStatPrefix(), rdsName, inline, remote, generateId, upgrades, fault,
                xfcc ? hcm.getForwardClientCertDetails().name() : "", accessLogs(name, field, hcm));
    }

    private static final String FILE_LOG_TYPE = "type.googleapis.com/" + FileAccessLog.getDescriptor().getFullName();
    private static final String STDOUT_LOG_TYPE = "type.googleapis.com/" + StdoutAccessLog.getDescriptor().getFullName();

    /** The connection manager's file and stdout access loggers, with their text formats. */
    private static List<AccessLogSpec> accessLogs(String name, String hcmField, HttpConnectionManager hcm)
            throws InvalidConfigException {
        List<AccessLogSpec> out = new ArrayList<>();
        for (int i = 0; i < hcm.getAccessLogCount(); i++) {
            var entry = hcm.getAccessLog(i);
            String field = hcmField + ".access_log[" + i + "]";
            if (entry.hasFilter()) {
                throw error(name, field + ".filter", "access log filters are not supported");
            }
            Any config = entry.getTypedConfig();
            String path;
            SubstitutionFormatString format = null;
            try {
                if (config.getTypeUrl().equals(FILE_LOG_TYPE)) {
                    FileAccessLog file = config.unpack(FileAccessLog.class);
                    if (file.getPath().isEmpty()) {
                        throw error(name, field + ".typed_config.path", "must not be empty");
                    }
                    path = file.getPath();
                    switch (file.getAccessLogFormatCase()) {
                        case LOG_FORMAT -> format = file.getLogFormat();
                        case ACCESSLOGFORMAT_NOT_SET -> { }
                        default -> throw error(name, field + ".typed_config." + file.getAccessLogFormatCase()
                                .name().toLowerCase(Locale.ROOT), "deprecated; use log_format");
                    }
                } else if (config.getTypeUrl().equals(STDOUT_LOG_TYPE)) {
                    StdoutAccessLog stdout = config.unpack(StdoutAccessLog.class);
                    path = "/dev/stdout";
                    format = stdout.hasLogFormat() ? stdout.getLogFormat() : null;
                } else {
                    throw error(name, field + ".typed_config", "unsupported access logger " + config.getTypeUrl()
                            + " (expected: " + FILE_LOG_TYPE + " or " + STDOUT_LOG_TYPE + ")");
                }
            } catch (InvalidProtocolBufferException e) {
                throw error(name, field + ".typed_config", "cannot decode: " + e.getMessage());
            }
            out.add(new AccessLogSpec(path, format(name, field + ".typed_config.log_format", format), name, field));
        }
        return out;
    }

    private static AccessLogFormat format(String name, String field,
            @Nullable SubstitutionFormatString format) throws InvalidConfigException {
        if (format == null) {
            return AccessLogFormat.compile(AccessLogFormat.ENVOY_DEFAULT);
        }
        if (format.getFormattersCount() > 0 || format.getOmitEmptyValues() || !format.getContentType().isEmpty()) {
            throw error(name, field, "formatters, omit_empty_values and content_type are not supported");
        }
        String text = switch (format.getFormatCase()) {
            case TEXT_FORMAT_SOURCE -> {
                if (!format.getTextFormatSource().hasInlineString()) {
                    throw error(name, field + ".text_format_source", "only inline_string is supported");
                }
                yield format.getTextFormatSource().getInlineString();
            }
            case TEXT_FORMAT -> throw error(name, field + ".text_format",
                    "deprecated and not supported; use text_format_source.inline_string");
            case JSON_FORMAT -> throw error(name, field + ".json_format", "JSON access logs are not supported yet");
            case FORMAT_NOT_SET -> AccessLogFormat.ENVOY_DEFAULT;
        };
        try {
            return AccessLogFormat.compile(text);
        } catch (IllegalArgumentException e) {
            throw error(name, field, e.getMessage());
        }
    }

    private static ListenerChain.Tcp tcp(String name, String chainField, TcpProxy tcp) throws InvalidConfigException {
        if (tcp.getClusterSpecifierCase() != TcpProxy.ClusterSpecifierCase.CLUSTER) {
            throw error(name, chainField + ".filters[0].typed_config.cluster", "a single cluster is required");
        }
        return new ListenerChain.Tcp(tcp.getStatPrefix(), tcp.getCluster());
    }

    private static <T extends com.google.protobuf.Message> T unpack(String name, String chainField, Filter filter,
            String typeUrl, Class<T> type) throws InvalidConfigException {
        Any any = filter.getTypedConfig();
        if (!any.getTypeUrl().equals(typeUrl)) {
            throw error(name, chainField + ".filters[0].typed_config", "type " + any.getTypeUrl()
                    + " (expected: " + typeUrl + ")");
        }
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw error(name, chainField + ".filters[0].typed_config", "cannot decode: " + e.getMessage());
        }
    }

    private static InvalidConfigException error(String name, String field, String reason) {
        return new InvalidConfigException("Listener", name, field, reason);
    }
}
