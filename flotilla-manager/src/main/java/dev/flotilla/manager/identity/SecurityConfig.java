package dev.flotilla.manager.identity;

import dev.flotilla.manager.identity.access.AccessFilter;
import dev.flotilla.manager.identity.access.Authorizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import dev.flotilla.manager.identity.directory.DirectoryLogin;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two filter chains: the REST API (HTTP Basic or a bearer token, stateless, no CSRF: there is no cookie to forge)
 * and the console (form login, session, CSRF on). OpenAPI docs, health and the Prometheus
 * metrics (counts, host and VM names and loads; no users or secrets; scrapers cannot log in) are public.
 * Inside both chains the {@link AccessFilter} checks the caller's roles against the route table.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    /** Directory domains first (they pass on any name whose domain is not a directory, at the cost of one query), then internal users. */
    @Bean
    AuthenticationManager authenticationManager(InternalUsers internal, PasswordEncoder encoder, DirectoryLogin directory,
                                                ApplicationEventPublisher events) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(internal);
        dao.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(directory, dao);
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    @Bean
    AccessFilter accessFilter(Authorizer authorizer) {
        return new AccessFilter(authorizer);
    }

    /** The access filter runs inside the security chains only, not a second time as a plain servlet filter. */
    @Bean
    FilterRegistrationBean<AccessFilter> accessFilterNotAServletFilter(AccessFilter filter) {
        FilterRegistrationBean<AccessFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AccessFilter access, ApiTokens tokens, AuthenticationManager manager) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(manager)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/**", "/api/v1/swagger-ui.html",
                                "/api/v1/swagger-ui/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(new ProblemEntryPoint()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
                .addFilterAfter(access, AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, AccessFilter access, AuthenticationManager manager) throws Exception {
        http.authenticationManager(manager)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/favicon.ico",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/swagger-ui/**", "/v3/api-docs/**", "/error").permitAll()
                        // a console ticket, issued to a signed-in caller and redeemed in the handshake, is this one's credential
                        .requestMatchers("/console/websocket").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .addFilterAfter(access, AuthorizationFilter.class);
        return http.build();
    }
}
