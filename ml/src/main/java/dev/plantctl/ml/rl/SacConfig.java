package dev.plantctl.ml.rl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link SoftActorCritic}.
 *
 * @param hidden        widths of the hidden layers of the actor and of both critics
 * @param learningRate  Adam's step size of actor, critics and temperature
 * @param gamma         discount per step, in (0, 1)
 * @param tau           Polyak factor of the target critics per update, in (0, 1]
 * @param batchSize     samples per update
 * @param initialAlpha  the entropy temperature α at the start, &gt; 0 (tuned towards the target entropy −|A|)
 * @param seed          seed of the networks' initialisation and of the policy's noise
 */
public record SacConfig(int[] hidden, double learningRate, double gamma, double tau, int batchSize,
                        double initialAlpha, long seed) {

    /** @throws IllegalArgumentException when an option is out of range, naming it */
    public SacConfig {
        hidden = hidden.clone();
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("sac option 'hidden' needs at least one layer of width >= 1: "
                    + Arrays.toString(hidden));
        }
        check("learning_rate", learningRate > 0 && learningRate < 1, learningRate);
        check("gamma", gamma > 0 && gamma < 1, gamma);
        check("tau", tau > 0 && tau <= 1, tau);
        check("batch_size", batchSize >= 1, batchSize);
        check("initial_alpha", initialAlpha > 0 && Double.isFinite(initialAlpha), initialAlpha);
    }

    /** The defaults: two hidden layers of 64, learning rate 1e-3, γ 0.97, τ 0.01, batch 128, α 0.05. */
    public static SacConfig defaults(long seed) {
        return new SacConfig(new int[] {64, 64}, 1e-3, 0.97, 0.01, 128, 0.05, seed);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The options as a name-to-value map, for a model's metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("algorithm", "sac");
        out.put("hidden", Arrays.stream(hidden).boxed().toList());
        out.put("learning_rate", learningRate);
        out.put("gamma", gamma);
        out.put("tau", tau);
        out.put("batch_size", batchSize);
        out.put("initial_alpha", initialAlpha);
        out.put("seed", seed);
        return out;
    }

    private static void check(String name, boolean ok, double value) {
        if (!ok) {
            throw new IllegalArgumentException("sac option '" + name + "' is out of range: " + value);
        }
    }
}
