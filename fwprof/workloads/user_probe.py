"""Probe a user's model file in one framework, in a process of its own:
``python -m fwprof.workloads.user_probe FILE FRAMEWORK [INPUT_SHAPE_JSON CLASSES]``.

Builds the model on the CPU, counts its trainable parameters, runs one forward pass on a batch
of 2 and prints ``{"parameters", "input_shape", "output_shape"}`` as JSON, or ``{"error"}``
(exit status 1). The Keras probe also tells the input shape and classes the PyTorch probe uses
when the file has no ``example_batch``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from typing import Any

from fwprof.workloads.user_model import UserModelError, call_builder, load_model_file, user_batch

PROBE_BATCH = 2


def probe(path: str, framework: str, input_shape: tuple[int, ...], classes: int) -> dict[str, Any]:
    """What the parent compares between the frameworks."""
    module = load_model_file(path)
    if framework == "tensorflow":
        os.environ["KERAS_BACKEND"] = "tensorflow"
        model = call_builder(module, "keras_model", path)
        input_shape = tuple(int(d) for d in model.input_shape[1:])
        classes = int(model.output_shape[-1])
        batch = user_batch(module, path, PROBE_BATCH, input_shape, classes, seed=0)
        outputs = model(batch.inputs, training=False)
        parameters = sum(math.prod(w.shape) for w in model.trainable_weights)
        return {"parameters": int(parameters), "input_shape": list(input_shape), "classes": classes,
                "output_shape": [int(d) for d in outputs.shape]}
    import torch

    model = call_builder(module, "torch_model", path)
    if not isinstance(model, torch.nn.Module):
        raise UserModelError(f"torch_model() in {path} returned {type(model).__name__}, "
                             "not a torch.nn.Module")
    batch = user_batch(module, path, PROBE_BATCH, input_shape, classes, seed=0)
    with torch.no_grad():
        outputs = model(torch.from_numpy(batch.inputs))
    parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"parameters": int(parameters), "output_shape": list(outputs.shape)}


def main(argv: list[str]) -> int:
    path, framework = argv[0], argv[1]
    shape = tuple(json.loads(argv[2])) if len(argv) > 2 else ()
    classes = int(argv[3]) if len(argv) > 3 else 0
    try:
        print(json.dumps(probe(path, framework, shape, classes)))
    except UserModelError as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    except Exception as exc:  # the user's model failed inside the framework
        print(json.dumps({"error": f"the {framework} model in {path} failed on a batch of "
                                   f"{PROBE_BATCH}: {type(exc).__name__}: {exc}"}))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
