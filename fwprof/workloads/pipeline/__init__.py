"""``--data pipeline``: images read from JPEG files by each framework's own input pipeline.

The session writes the files once (:mod:`.jpegs`); each run decodes, crops, flips and scales
them with a PyTorch ``DataLoader`` of ``workers`` processes (:mod:`.torch_loader`) or a
``tf.data`` pipeline with ``workers`` parallel calls and prefetching (:mod:`.tf_loader`), the
same operations on both sides. Every train step then takes its batch from the pipeline, so
the step time includes waiting for data; the pipeline's own throughput, measured alone before
training, is reported apart (:mod:`.throughput`).
"""

from __future__ import annotations

#: Image files written per session (the pipelines cycle over them, shuffled each epoch).
FILE_COUNT = 256
#: Files are stored this many pixels larger than the model's input, then randomly cropped.
CROP_MARGIN = 32
JPEG_QUALITY = 90
#: Batches the pipeline delivers alone, before training, for its own throughput.
THROUGHPUT_BATCHES = 20
#: Per-channel mean and standard deviation the pixels are normalised with (ImageNet's).
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def image_spec(workload: str, size: str) -> tuple[int, int]:
    """(image side in pixels, classes) of an image workload at ``size``."""
    from fwprof.workloads import IMAGE_SIZE, NUM_CLASSES
    from fwprof.workloads.reference.sizes import model_config, num_classes

    if workload == "cnn":
        return IMAGE_SIZE, NUM_CLASSES
    config = model_config(workload, size)
    return int(getattr(config, "image_size")), num_classes(config)  # noqa: B009 - resnet or vit


def jpeg_folder(root: str, workload: str, size: str) -> str:
    """Where a session keeps the JPEGs of one image workload and size."""
    return f"{root}/jpegs-{workload}-{size}"
