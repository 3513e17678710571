package dev.flotilla.manager.console;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The websocket noVNC connects to, at {@link ConsoleService#WEBSOCKET_PATH}. The ticket in its
 * query is the only credential (a browser cannot send other ones on a websocket); it is redeemed
 * during the handshake, so an unknown, used or expired ticket gets 403 before any byte flows.
 * Same-origin browsers only (Spring's default); clients that send no Origin, like the CLI, pass.
 */
@Configuration
@EnableWebSocket
class ConsoleWebSocket implements WebSocketConfigurer {

    private static final String TICKET = "console.ticket";
    private static final String SESSION = "console.session";

    private final ConsoleService consoles;
    private final ConsoleSessions sessions;

    ConsoleWebSocket(ConsoleService consoles, ConsoleSessions sessions) {
        this.consoles = consoles;
        this.sessions = sessions;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new Handler(), ConsoleService.WEBSOCKET_PATH).addInterceptors(new TicketCheck());
    }

    /** Key events are a few bytes, a pasted text a few KiB; bigger messages from a viewer are refused. */
    @Bean
    ServletServerContainerFactoryBean websocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(64 * 1024);
        container.setMaxTextMessageBufferSize(8 * 1024);
        return container;
    }

    private final class TicketCheck implements HandshakeInterceptor {
        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                       Map<String, Object> attributes) {
            String ticket = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("ticket");
            var redeemed = consoles.redeem(ticket == null ? null : java.net.URLDecoder.decode(ticket, java.nio.charset.StandardCharsets.UTF_8));
            if (redeemed.isEmpty()) {
                response.setStatusCode(HttpStatus.FORBIDDEN);
                return false;
            }
            attributes.put(TICKET, redeemed.get());
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {
        }
    }

    private final class Handler extends BinaryWebSocketHandler {
        @Override
        public void afterConnectionEstablished(WebSocketSession ws) {
            ConsoleTicket ticket = (ConsoleTicket) ws.getAttributes().get(TICKET);
            sessions.open(ticket, new WebSocketViewer(ws)).ifPresent(s -> ws.getAttributes().put(SESSION, s));
        }

        @Override
        protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) {
            ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
            if (session != null) {
                session.fromViewer(message.getPayload());
            }
        }

        @Override
        public void handleTransportError(WebSocketSession ws, Throwable error) {
            end(ws, "the viewer's connection failed: " + error.getMessage());
        }

        @Override
        public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
            end(ws, status.getCode() == CloseStatus.NORMAL.getCode() || status.getCode() == CloseStatus.GOING_AWAY.getCode()
                    ? "closed by the viewer" : "the viewer's connection closed with code " + status.getCode());
        }

        private void end(WebSocketSession ws, String why) {
            ConsoleSession session = (ConsoleSession) ws.getAttributes().get(SESSION);
            if (session != null) {
                session.end(ConsoleSession.CLOSED_BY_VIEWER, null, why);
            }
        }
    }
}
