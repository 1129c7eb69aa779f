"""The child process of one distributed launch: ``python -m fwprof.scenarios.distributed.launcher``.

It starts the ranks (:mod:`.agents`), reads every rank's events from its own socket connection
(:mod:`.channel`), and writes the group's events to fwprof's pipe (:mod:`.aggregate`), so fwprof
sees one run whose process tree holds every rank. If a rank fails, the launcher gives the
framework's agent :data:`FAILURE_GRACE_S` to end the others, then ends them itself, names the
rank in the run's error and exits with status 1: no rank outlives the launch.
"""

from __future__ import annotations

import os
import sys

from fwprof import protocol
from fwprof.child.emitter import EventEmitter
from fwprof.child.entry import run_entry
from fwprof.scenarios.distributed.agents import Agent, start_agent
from fwprof.scenarios.distributed.aggregate import GroupAggregator
from fwprof.scenarios.distributed.channel import EventServer
from fwprof.scenarios.distributed.group import GroupSpec

#: Seconds the framework's own launcher gets to end the other ranks after one failed.
FAILURE_GRACE_S = 5.0
POLL_S = 0.05


def main(argv: list[str] | None = None) -> int:
    """Run the group named by ``--group`` (a GroupSpec as JSON); failures become events."""
    return run_entry("fwprof-distributed-launcher", "group",
                     lambda group, emitter: launch(GroupSpec.from_json(group), emitter), argv,
                     error_prefix="launcher: ")


def launch(group: GroupSpec, emitter: EventEmitter) -> int:
    """Run the group to its end; report it as one run; 0 when every rank finished."""
    emitter.emit("hello", pid=os.getpid(), framework=group.framework, python=sys.version.split()[0])
    aggregator = GroupAggregator(emitter.emit, group.workers, group.node_rank)
    with EventServer() as server:
        agent = start_agent(group, server.path)
        code = pump(server, agent, aggregator)
    emitter.emit("info", info={"ranks": aggregator.rank_summaries(), "launch": agent.describe()})
    error = group_error(aggregator, code, agent.name)
    if error is not None:
        emitter.emit("error", message=error)
        return 1
    emitter.emit("counters", values=aggregator.counters())
    emitter.emit("done")
    return 0


def pump(server: EventServer, agent: Agent, aggregator: GroupAggregator) -> int:
    """Relay events until the agent ends; end it if a rank failed and it lingers."""
    while True:
        code = agent.poll()
        _deliver(server, aggregator, 0 if code is not None else POLL_S)
        if aggregator.all_connected:
            server.unlink()
        failure = aggregator.failure
        if code is not None:
            _drain(server, aggregator)
            return code
        if failure is not None and protocol.now() - failure.t > FAILURE_GRACE_S:
            agent.stop()
            _drain(server, aggregator)
            return agent.poll() or 1


def group_error(aggregator: GroupAggregator, code: int, agent_name: str = "the agent") -> str | None:
    """The run's error: the first failed rank by name, else what the agent said; None if ok."""
    failure = aggregator.failure
    if failure is not None:
        others = "; the other ranks were ended" if aggregator.local_ranks > 1 else ""
        return f"rank {failure.rank} failed: {failure.message}{others}"
    seen = {r.local_rank for r in aggregator.ranks.values()}
    missing = sorted(set(range(aggregator.local_ranks)) - seen)
    if code != 0:
        silent = f"; local rank(s) {missing} never connected" if missing else ""
        return (f"{agent_name} exited with status {code} before a rank reported a failure"
                f"{silent} (see the run's stderr)")
    if not aggregator.finished:
        return f"local rank(s) {missing} never reported" if missing else "not every rank finished"
    return None


def _deliver(server: EventServer, aggregator: GroupAggregator, timeout_s: float) -> bool:
    delivery = server.poll(timeout_s)
    for conn, event in delivery.events:
        aggregator.feed(conn, event)
    for conn in delivery.closed:
        aggregator.closed(conn)
    return bool(delivery.events or delivery.closed)


def _drain(server: EventServer, aggregator: GroupAggregator) -> None:
    """Read what the ended ranks left in their connections."""
    while _deliver(server, aggregator, 0.1):
        pass


if __name__ == "__main__":
    sys.exit(main())
