package dev.plantctl.ml.greenhouse;

import ai.onnxruntime.OrtException;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.ml.registry.ModelMetadata;
import dev.plantctl.ml.registry.ModelPackage;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.ModelRejectedException;
import dev.plantctl.ml.registry.ServedModel;
import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves the greenhouse dynamics ensemble from a {@link ModelRegistry} through ONNX Runtime: for an observation
 * and the controls a controller just decided, the ensemble's one-step forecast of the climate one control period
 * later, with its uncertainty, written into the decision's explanation.
 *
 * <p>Annotating a decision appends three factors ({@code forecast_air_temperature} °C,
 * {@code forecast_co2} ppm, {@code forecast_relative_humidity} %, each the elites' mixture mean with its ±2σ band
 * in words) and extends the explanation's {@code model_version} to
 * {@code <controller version>+<model name>/<model version>}, so that every decision names the model version
 * that annotated it. The setpoints are not touched. When no model is served or a sensor the model needs is stale,
 * the decision passes unchanged.
 *
 * <p>New versions are picked up by {@link #refresh()} (see {@link ServedModel}: a version that fails to load is
 * refused with the file named and the last good one stays). One owner thread; {@link #close()} closes the ONNX
 * Runtime session.
 */
public final class GreenhouseForecaster implements AutoCloseable {

    private final ServedModel<OnnxEnsemble> served;

    /**
     * @param registry where the versions of {@value GreenhouseDynamics#MODEL_NAME} are
     * @param threads  ONNX Runtime intra-op threads per session
     */
    public GreenhouseForecaster(ModelRegistry registry, int threads) {
        this.served = new ServedModel<>(registry, GreenhouseDynamics.CONTRACT, p -> open(p, threads));
    }

    /**
     * Serves a newer version if there is one that loads.
     *
     * @return true when the served version changed
     * @throws IOException when the registry cannot be listed
     */
    public boolean refresh() throws IOException {
        return served.refresh();
    }

    /** The served model's metadata, if any. */
    public Optional<ModelMetadata> model() {
        return served.current().map(ServedModel.Current::metadata);
    }

    /** Versions swapped in after the first. */
    public long reloads() {
        return served.reloads();
    }

    /** Versions refused. */
    public long failures() {
        return served.failures();
    }

    /**
     * A one-step forecast of one compartment.
     *
     * @param modelId      the model that made it, {@code name/version}
     * @param temperature  air temperature, °C: mean and standard deviation
     * @param co2          CO₂, ppm
     * @param humidity     relative humidity, %
     */
    public record Forecast(String modelId, double[] temperature, double[] co2, double[] humidity) {
    }

    /**
     * The forecast for an observation under the given controls.
     *
     * @return empty when no model is served or a sensor the model needs is stale or missing
     * @throws OrtException when ONNX Runtime fails
     */
    public Optional<Forecast> forecast(Observation observation, Controls controls) throws OrtException {
        Optional<ServedModel.Current<OnnxEnsemble>> current = served.current();
        Optional<double[]> input = GreenhouseDynamics.input(observation, controls);
        if (current.isEmpty() || input.isEmpty()) {
            return Optional.empty();
        }
        double[] x = input.get();
        EnsemblePrediction p = current.get().model().predict(new double[][] {x});
        double temp = x[GreenhouseDynamics.TEMPERATURE] + p.ensembleMean(0, GreenhouseDynamics.TEMPERATURE);
        double tempSd = Math.sqrt(p.ensembleVariance(0, GreenhouseDynamics.TEMPERATURE));
        double co2 = Math.max(0, x[GreenhouseDynamics.CO2] + p.ensembleMean(0, GreenhouseDynamics.CO2));
        double co2Sd = Math.sqrt(p.ensembleVariance(0, GreenhouseDynamics.CO2));
        double hum = Math.max(0, x[GreenhouseDynamics.HUMIDITY] + p.ensembleMean(0, GreenhouseDynamics.HUMIDITY));
        double humSd = Math.sqrt(p.ensembleVariance(0, GreenhouseDynamics.HUMIDITY));
        double ppmPerKg = ClimateSensors.co2Ppm(1, temp);
        double rh = ClimateSensors.relativeHumidity(hum, temp);
        double rhPerKg = hum > 0 ? ClimateSensors.relativeHumidity(1e-3, temp) / 1e-3 : 0;
        return Optional.of(new Forecast(current.get().metadata().id(), new double[] {temp, tempSd},
                new double[] {co2 * ppmPerKg, co2Sd * ppmPerKg}, new double[] {rh, humSd * rhPerKg}));
    }

    /**
     * The decision with the forecast in its explanation (see the class comment), or unchanged when there is no
     * forecast.
     *
     * @throws OrtException when ONNX Runtime fails
     */
    public Decision annotate(Observation observation, Controls decided, Decision decision) throws OrtException {
        Optional<Forecast> f = forecast(observation, decided);
        if (f.isEmpty()) {
            return decision;
        }
        Explanation e = decision.explanation();
        List<Factor> factors = new ArrayList<>(e.factors());
        String horizon = GreenhouseDynamics.STEP.toMinutes() + " min";
        factors.add(factor("forecast_" + GreenhouseSignals.AIR_TEMPERATURE, f.get().temperature(), "degC", horizon,
                f.get().modelId()));
        factors.add(factor("forecast_" + GreenhouseSignals.CO2, f.get().co2(), "ppm", horizon, f.get().modelId()));
        factors.add(factor("forecast_" + GreenhouseSignals.RELATIVE_HUMIDITY, f.get().humidity(), "%", horizon,
                f.get().modelId()));
        Explanation annotated = new Explanation(e.time(), e.plant(), e.unitId(), e.controller(),
                e.modelVersion() + "+" + f.get().modelId(), e.setpoints(), factors, e.uncertainty(), e.safety(),
                e.summary(), e.citations());
        return new Decision(decision.plant(), decision.unitId(), decision.time(), decision.setpoints(), annotated);
    }

    /** Closes the ONNX Runtime session of the served model. */
    @Override
    public void close() throws IOException {
        served.close();
    }

    private static Factor factor(String name, double[] meanSd, String unit, String horizon, String model) {
        return new Factor(name, meanSd[0], String.format(Locale.ROOT, "%s expects %.2f %s (+-%.2f, 2 sigma) in %s"
                + " under these setpoints", model, meanSd[0], unit, 2 * meanSd[1], horizon));
    }

    private static OnnxEnsemble open(ModelPackage p, int threads) throws OrtException, ModelRejectedException {
        OnnxEnsemble onnx = OnnxEnsemble.load(p.model(), threads);
        ModelMetadata m = p.metadata();
        if (onnx.inputs() != m.inputs().size() || onnx.outputs() != m.outputs().size()
                || onnx.members() != m.members()) {
            int[] actual = {onnx.members(), onnx.inputs(), onnx.outputs()};
            onnx.close();
            throw new ModelRejectedException(p.modelFile(), "graph has " + actual[0] + " members, " + actual[1]
                    + " inputs and " + actual[2] + " outputs; the metadata says " + m.members() + ", "
                    + m.inputs().size() + " and " + m.outputs().size());
        }
        return onnx;
    }
}
