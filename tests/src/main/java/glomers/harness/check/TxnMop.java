package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A micro-op as Elle's transactional checkers share it: a write (rw-register's "w",
 * list-append's "append") or a read, its key, its value (a read's whole observed value), and the
 * array as recorded.
 */
interface TxnMop {

    boolean write();

    ClojureValues.Key key();

    ClojureValues.Key value();

    JsonNode raw();
}
