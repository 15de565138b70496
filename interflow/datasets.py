"""Offline stand-ins for the data sets the TF1 tutorials download (nothing is fetched)."""

import numpy as np

__all__ = ["california_housing", "Bunch"]

FEATURE_NAMES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup",
                 "Latitude", "Longitude"]


class Bunch(dict):
    """A dict whose keys are attributes too, like scikit-learn's return value."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def california_housing(n_samples=20640, seed=42):
    """A synthetic data set shaped like scikit-learn's fetch_california_housing().

    Same shapes (20,640 x 8 features, one target), feature names, rough value ranges and a
    target in units of $100,000 capped at 5.0, made from a fixed linear model plus noise, so
    that the tutorials' regressions have a meaningful answer. It is NOT the real census data:
    with internet access, use `sklearn.datasets.fetch_california_housing()` instead.

    Returns:
      A Bunch with `data` (float64, n x 8), `target` (float64, n), `feature_names`, `DESCR`.
    """
    rng = np.random.default_rng(seed)
    med_inc = np.clip(rng.lognormal(1.25, 0.45, n_samples), 0.5, 15.0)
    house_age = rng.integers(1, 53, n_samples).astype(np.float64)
    ave_rooms = np.clip(rng.normal(5.4, 1.2, n_samples) + 0.1 * (med_inc - 3.8), 1.0, 12.0)
    ave_bedrms = np.clip(rng.normal(1.1, 0.12, n_samples), 0.5, 3.0)
    population = np.clip(rng.lognormal(7.0, 0.75, n_samples), 3.0, 35000.0)
    ave_occup = np.clip(rng.lognormal(1.05, 0.25, n_samples), 0.7, 12.0)
    latitude = rng.uniform(32.5, 42.0, n_samples)
    longitude = -121.0 + (37.2 - latitude) * 0.45 + rng.normal(0.0, 1.2, n_samples)
    data = np.column_stack([med_inc, house_age, ave_rooms, ave_bedrms, population, ave_occup,
                            latitude, longitude])
    target = (0.42 * med_inc + 0.009 * house_age - 0.09 * ave_rooms + 0.55 * ave_bedrms
              - 0.000004 * population - 0.035 * ave_occup - 0.40 * latitude
              - 0.41 * longitude - 35.0)
    target = np.clip(target + rng.normal(0.0, 0.55, n_samples), 0.15, 5.0)
    return Bunch(data=data, target=target, feature_names=list(FEATURE_NAMES),
                 DESCR="Synthetic stand-in for the California housing data set "
                       "(interflow.datasets.california_housing).")
