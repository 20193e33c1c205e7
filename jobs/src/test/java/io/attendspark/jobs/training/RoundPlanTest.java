package io.attendspark.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoundPlanTest {
    private static final List<String> FILES = IntStream.range(0, 10).mapToObj(i -> "f" + i).toList();

    @Test
    void roundsAreWholeAndEveryEpochVisitsEveryFileOnce() {
        RoundPlan plan = new RoundPlan(FILES, 2, 5, 23, 1);
        assertEquals(10, plan.batchesPerRound());
        assertEquals(2, plan.rounds(), "23 batches round down to 2 whole rounds of 10");
        assertEquals(2.0, plan.epochs());
        for (int r = 0; r < 2; r++) {
            assertEquals(new HashSet<>(FILES), new HashSet<>(plan.round(r)), "round " + r + " = one epoch here");
        }
        assertNotEquals(plan.round(0), plan.round(1), "each epoch has its own order");
    }

    @Test
    void roundsSpanEpochBoundariesAndArePureFunctionsOfThePlan() {
        RoundPlan plan = new RoundPlan(FILES, 1, 3, 12, 7);
        List<String> all = new ArrayList<>();
        for (int r = 0; r < plan.rounds(); r++) {
            all.addAll(plan.round(r));
        }
        assertEquals(new HashSet<>(FILES), new HashSet<>(all.subList(0, 10)));
        assertEquals(plan.round(3), new RoundPlan(FILES, 1, 3, 12, 7).round(3));
        assertNotEquals(all, collect(new RoundPlan(FILES, 1, 3, 12, 8)));
    }

    @Test
    void atLeastOneRoundAndBadArgumentsAreRejected() {
        assertEquals(1, new RoundPlan(FILES, 4, 5, 1, 1).rounds());
        assertThrows(IllegalArgumentException.class, () -> new RoundPlan(List.of(), 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundPlan(FILES, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundPlan(FILES, 1, 1, 5, 1).round(5));
    }

    private static List<String> collect(RoundPlan plan) {
        List<String> all = new ArrayList<>();
        for (int r = 0; r < plan.rounds(); r++) {
            all.addAll(plan.round(r));
        }
        return all;
    }
}
