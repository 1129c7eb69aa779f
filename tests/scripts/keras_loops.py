"""Every kind of Keras step fwprof detects, with known counts (see test_script_frameworks.py).

fit: 2 epochs x 10 batches (train), with validation 2 x 3 batches (eval), steps_per_execution=2
evaluate: 3 batches (eval); predict: 2 batches (predict); eager apply_gradients x 4 (train)
an XLA-compiled custom step x 5 (train); total: train 29, eval 9, predict 2.
"""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.standard_normal((320, 8)).astype("float32")
y = (x.sum(axis=1) > 0).astype("int32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
model.compile(optimizer="sgd", steps_per_execution=2,
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x, y, batch_size=32, epochs=2, validation_data=(x[:96], y[:96]), verbose=0)
model.evaluate(x[:96], y[:96], batch_size=32, verbose=0)
model.predict(x[:64], batch_size=32, verbose=0)

optimizer = keras.optimizers.SGD(0.01)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
for _ in range(4):
    with tf.GradientTape() as tape:
        loss = loss_fn(y[:32], model(x[:32]))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))

xla_optimizer = keras.optimizers.SGD(0.01)


@tf.function(jit_compile=True)
def xla_step(features, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(features))
    grads = tape.gradient(loss, model.trainable_variables)
    xla_optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    return loss


for _ in range(5):
    xla_step(x[:32], y[:32])
print("done")
