package org.tpusim.hardware;

/** One chip parameter's value with where it came from (a citation, a calibration note, or an override). */
public record ParameterValue(ChipParameter parameter, double value, String source) {
}
