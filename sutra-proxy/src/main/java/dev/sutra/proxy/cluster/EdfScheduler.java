package dev.sutra.proxy.cluster;

/**
 * Earliest-deadline-first weighted round robin over entries {@code 0..n-1}, as Envoy's
 * {@code EdfScheduler}: each entry's next deadline is the current time plus {@code 1 / weight},
 * the earliest deadline is picked (ties in insertion order), and the picked entry is re-added with
 * its weight at that moment, so dynamic weights (least request) take effect on the next round.
 *
 * <p>A binary heap over primitive arrays: a pick is O(log n) and allocates nothing. Entries of
 * weight 0 are never added. Not thread-safe.
 */
final class EdfScheduler {
    /** Supplies an entry's current weight. */
    interface Weights {
        double weight(int entry);
    }

    private final int[] heap;
    private final double[] deadline;
    private final long[] order;
    private int size;
    private double now;
    private long nextOrder;

    private EdfScheduler(int capacity) {
        heap = new int[capacity];
        deadline = new double[capacity];
        order = new long[capacity];
    }

    /**
     * A scheduler over the entries of positive weight, advanced by {@code seed mod n} picks so
     * that schedulers built at the same moment on different event loops do not start in lockstep
     * (Envoy's {@code createWithPicks}).
     */
    static EdfScheduler create(int entries, Weights weights, long seed) {
        EdfScheduler s = new EdfScheduler(entries);
        for (int i = 0; i < entries; i++) {
            double w = weights.weight(i);
            if (w > 0) {
                s.push(i, w);
            }
        }
        if (s.size > 0) {
            long picks = Long.remainderUnsigned(seed, s.size);
            for (long i = 0; i < picks; i++) {
                s.pickAndAdd(weights);
            }
        }
        return s;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Picks the entry with the earliest deadline and re-adds it with its current weight. */
    int pickAndAdd(Weights weights) {
        int top = heap[0];
        now = deadline[top];
        double w = weights.weight(top);
        // A weight can only drop to 0 through a misbehaving supplier; keep the entry far away.
        deadline[top] = now + (w > 0 ? 1.0 / w : 1e18);
        order[top] = nextOrder++;
        siftDown(0);
        return top;
    }

    private void push(int entry, double weight) {
        deadline[entry] = now + 1.0 / weight;
        order[entry] = nextOrder++;
        int i = size++;
        heap[i] = entry;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(heap[i], heap[parent])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int child = right < size && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[child], heap[i])) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private boolean before(int a, int b) {
        return deadline[a] < deadline[b] || (deadline[a] == deadline[b] && order[a] < order[b]);
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
