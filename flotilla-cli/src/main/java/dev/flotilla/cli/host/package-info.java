/**
 * {@code flotilla host ...}: list and show hosts, issue the one-time enrollment token an agent
 * needs to join, and move hosts through their life (approve, maintenance, activate, delete).
 */
package dev.flotilla.cli.host;
