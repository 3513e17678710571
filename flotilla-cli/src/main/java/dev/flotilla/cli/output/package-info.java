/**
 * How answers reach the terminal: {@code -o table} renders records as aligned columns (lists)
 * or label/value lines (one object); {@code -o json} prints the manager's JSON untouched but
 * pretty-printed, so scripts see exactly what the API returned.
 */
package dev.flotilla.cli.output;
