package org.pathways.hub.generate;

import org.pathways.hub.district.State;

/**
 * How a numeric grade becomes a letter, grade points and a pass. Texas districts mostly pass at 70
 * with plain letters; Indiana districts pass at 60 and use plus and minus letters.
 */
final class GradingScale {

  private final String[] letters = new String[101];
  private final double[] points = new double[101];
  private final int passing;

  private GradingScale(int passing, int[] floors, String[] letterOfFloor, double[] pointsOfFloor) {
    this.passing = passing;
    for (int n = 0; n <= 100; n++) {
      int band = floors.length - 1;
      for (int i = 0; i < floors.length; i++) {
        if (n >= floors[i]) {
          band = i;
          break;
        }
      }
      letters[n] = letterOfFloor[band];
      points[n] = pointsOfFloor[band];
    }
  }

  static GradingScale of(State state) {
    return switch (state) {
      case TX ->
          new GradingScale(
              70,
              new int[] {90, 80, 70, 0},
              new String[] {"A", "B", "C", "F"},
              new double[] {4, 3, 2, 0});
      case IN ->
          new GradingScale(
              60,
              new int[] {97, 93, 90, 87, 83, 80, 77, 73, 70, 67, 63, 60, 0},
              new String[] {
                "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"
              },
              new double[] {4, 4, 3.7, 3.3, 3, 2.7, 2.3, 2, 1.7, 1.3, 1, 0.7, 0});
    };
  }

  String letter(int numeric) {
    return letters[numeric];
  }

  double points(int numeric) {
    return points[numeric];
  }

  boolean passed(int numeric) {
    return numeric >= passing;
  }

  int passing() {
    return passing;
  }
}
