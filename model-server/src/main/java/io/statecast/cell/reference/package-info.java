/**
 * The reference implementation: plain, scalar, double-precision Java of every cell variant,
 * connection mode and head, stepped one event of one key at a time. It is the oracle of the tests;
 * nothing in it is meant to be fast.
 */
package io.statecast.cell.reference;
