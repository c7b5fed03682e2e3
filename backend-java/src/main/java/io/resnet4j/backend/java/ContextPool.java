package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.ArrayDeque;

/**
 * Lends execution contexts to concurrent runs of one compiled graph: each run gets buffers of its own, so runs
 * never see each other's values. At most {@code limit} contexts exist, which bounds memory; a run that finds
 * none free waits for one. Closing wakes every waiter with an error instead of leaving it hanging.
 */
final class ContextPool {
    private final int limit;
    private final ArrayDeque<ExecutionContext> idle = new ArrayDeque<>();
    private int created;
    private boolean closed;

    ContextPool(int limit) {
        this.limit = Math.max(1, limit);
    }

    synchronized ExecutionContext acquire(String what) {
        while (true) {
            if (closed) {
                throw new ResNet4jException(what + " is closed");
            }
            if (!idle.isEmpty()) {
                return idle.pop();
            }
            if (created < limit) {
                created++;
                return new ExecutionContext();
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResNet4jException(what + ": interrupted while waiting for a free execution context", e);
            }
        }
    }

    synchronized void release(ExecutionContext context) {
        if (!closed) {
            idle.push(context);
        }
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        idle.clear();
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Bytes held by idle contexts, for reports. */
    synchronized long idleBytes() {
        return idle.stream().mapToLong(ExecutionContext::bytes).sum();
    }
}
