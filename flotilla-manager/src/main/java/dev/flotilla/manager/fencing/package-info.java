/**
 * Power management of hosts: each host's BMC (fence agent {@code ipmilan}, its address and
 * credentials, the password sealed), which other host acts as its fence proxy, and the fence
 * actions ({@code status}, {@code on}, {@code off}, {@code restart}, {@code manual}) with an event
 * for every attempt and outcome. The failing host never fences itself: a proxy's agent runs the
 * fence agent against the failing host's BMC.
 */
package dev.flotilla.manager.fencing;
