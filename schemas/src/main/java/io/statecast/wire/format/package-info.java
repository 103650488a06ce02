/**
 * Choosing a value format per topic: {@link io.statecast.wire.format.FormatSettings} names the
 * format and what it needs and makes the {@link io.statecast.wire.ValueCodec}s.
 */
package io.statecast.wire.format;
