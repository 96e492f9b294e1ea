/**
 * The bottom of the simulator's package graph: {@link org.tpusim.keys.Keyed} enums and {@link org.tpusim.keys.Keys},
 * the one lookup by scenario spelling and listing of keys for messages that every such enum shares.
 * Depends on nothing of tpusim.
 */
package org.tpusim.keys;
