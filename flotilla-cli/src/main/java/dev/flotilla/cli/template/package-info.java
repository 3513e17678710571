/** {@code flotilla template}: templates made from stopped VMs, and VMs made from templates. */
package dev.flotilla.cli.template;
