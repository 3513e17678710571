/**
 * The web console: server-rendered pages (Thymeleaf) for the dashboard, hosts, VMs and events,
 * made live with htmx and one server-sent-events stream ({@link dev.flotilla.manager.web.LiveUpdates}).
 * It owns no state and no rules: every change goes through the features' public services, so the
 * console and the REST API behave the same; refused actions come back as alerts on the page.
 */
package dev.flotilla.manager.web;
