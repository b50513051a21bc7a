@_spi(Simulation) import ShardedJobsZooKeeper

// The client's process: frozen (SIGSTOP, a long pause) or dead. The twin models the C
// client's own threads — its pings, timeouts and reconnects — so a simulator that holds or
// drops a worker's tasks must tell the twin too, or the twin would keep the worker's session
// alive on its behalf.
extension TwinState {
    /// A frozen process runs again: it reads what reached its socket meanwhile, notices a link
    /// the server closed, makes the connect attempt it was due, and checks its timeouts (two
    /// thirds of the timeout without a word from the server breaks the link).
    mutating func thaw(_ name: String) {
        guard frozenClients.remove(name) != nil else { return }
        record(.clientThawed, client: name)
        for id in clients.keys.sorted() {
            guard var client = clients[id], client.name == name else { continue }
            let held = client.held
            let drop = client.deferredDrop
            let connect = client.wantsConnect
            client.held = []
            client.wantsConnect = false
            clients[id] = client
            for (link, message) in held { clientReceives(message, on: link) }
            if let drop, clients[id]?.link != nil {
                clientLostLink(id, reason: drop)
            } else if connect {
                schedule(.connect(client: id), at: now)
            }
            let sends = clients[id]?.heldSends ?? []
            clients[id]?.heldSends = []
            for packet in sends { send(packet, from: id) }
            guard var current = clients[id] else { continue }
            current.timerToken += 1
            current.timerAt = now
            clients[id] = current
            schedule(.clientTimer(client: id, token: current.timerToken), at: now)
        }
    }

    /// The process died: the operating system closes its connections (the servers see them
    /// close; the session lives until the leader expires it), and it does nothing any more.
    mutating func crash(_ name: String) {
        frozenClients.remove(name)
        record(.clientCrashed, client: name)
        for id in clients.keys.sorted() {
            guard let client = clients[id], client.name == name else { continue }
            if let link = client.link { removeLink(link) }
            clients[id] = nil
        }
    }
}
