package org.ahphub.connectors.pipeline;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** How many rows of a batch can account for its duplicate statements, when rows are wholly known or wholly new. */
final class RowSplit {

  /** Beyond this many different statement counts per row the search is skipped (empty answer: unknown). */
  private static final int MAX_SIZES = 3;

  private RowSplit() {}

  /**
   * Every number of rows whose statement counts ({@code rowSizes}) can add up to {@code duplicates}:
   * rows are grouped by their statement count and every mix of groups is tried.
   */
  static SortedSet<Integer> knownRowCounts(int[] rowSizes, int duplicates) {
    Map<Integer, Integer> bySize = new TreeMap<>();
    for (int size : rowSizes) {
      bySize.merge(size, 1, Integer::sum);
    }
    SortedSet<Integer> counts = new TreeSet<>();
    if (bySize.size() > MAX_SIZES) {
      return counts;
    }
    int[] sizes = bySize.keySet().stream().mapToInt(Integer::intValue).toArray();
    int[] available = bySize.values().stream().mapToInt(Integer::intValue).toArray();
    search(sizes, available, 0, duplicates, 0, counts);
    return counts;
  }

  private static void search(int[] sizes, int[] available, int group, int remaining, int rows, SortedSet<Integer> out) {
    if (group == sizes.length) {
      if (remaining == 0) {
        out.add(rows);
      }
      return;
    }
    for (int take = 0; take <= available[group] && take * sizes[group] <= remaining; take++) {
      search(sizes, available, group + 1, remaining - take * sizes[group], rows + take, out);
    }
  }
}
