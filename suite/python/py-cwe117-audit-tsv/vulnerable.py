def append_event(path, actor, action):
    with open(path, "a") as f:
        f.write(actor + "\t" + action + "\n")


def read_events(path):
    events = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 1)
            events.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return events
