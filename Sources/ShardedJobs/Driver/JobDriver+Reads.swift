import ShardedJobsZooKeeper

extension JobWatch {
    /// The part of the view a watch's read covers: every item owner is read with the epoch.
    var part: JobWatch {
        if case .itemOwner = self { return .epoch }
        return self
    }
}

extension JobDriver {
    var reader: ViewReader {
        ViewReader(
            client: client, paths: paths, watches: watches, settings: settings, ownErrorHandler: definition.errorHandler != nil)
    }

    /// Re-reads a watched part of the view (its watch fired, or the machine asked).
    ///
    /// Reads of one part run one at a time: a read asked for while one is in flight runs again
    /// after it, so the last read the machine applies always started after the last change it
    /// was told of (two concurrent reads could otherwise land in the wrong order).
    func reread(_ watch: JobWatch) {
        let part = watch.part
        guard readsInFlight.insert(part).inserted else {
            readsAgain.insert(part)
            return
        }
        let read = self.read(watch)
        let post = self.post
        io { [weak self] in
            if let event = await read() { post.yield(.event(event)) }
            await self?.readEnded(part)
            return nil
        }
    }

    private func readEnded(_ part: JobWatch) {
        readsInFlight.remove(part)
        if readsAgain.remove(part) != nil { reread(part) }
    }

    /// The read of a part of the view, as a task's body.
    private func read(_ watch: JobWatch) -> @Sendable () async -> JobEvent? {
        let reader = self.reader
        let instance = self.instance
        let itemCount = machine.configuration.shardingTotalCount
        let registered = machine.registeredSession
        // Labels are read only while the job has a label, once per instance (its node is
        // written once).
        let knownLabels = machine.configuration.label == nil ? nil : Set(machine.view.labels.keys)
        let client = self.client
        return {
            do {
                switch watch {
                case .config:
                    return .viewRead(try await reader.configuration())
                case .instances:
                    let instances = try await reader.instances()
                    let leaseValid = registered.map { client.isLeaseValid(forSession: $0) } ?? false
                    var labels: [JobInstanceID: Set<String>] = [:]
                    if let knownLabels { labels = try await reader.labels(of: instances.subtracting(knownLabels)) }
                    return .viewRead(.instances(instances, leaseValid: leaseValid, labels: labels))
                case .servers:
                    let servers = try await reader.servers()
                    var paused: Bool?
                    if case .some(.some(let enabled)) = servers[instance.ip] { paused = enabled ? false : try await reader.paused() }
                    return .viewRead(.servers(servers, paused: paused))
                case .server(let ip):
                    let enabled = try await reader.server(ip)
                    let paused = ip == instance.ip && enabled == false ? try await reader.paused() : false
                    return .viewRead(.server(ip, enabled: enabled, paused: paused))
                case .epoch, .itemOwner:
                    return .viewRead(.assignment(try await reader.assignment(itemCount: itemCount)))
                case .itemDisabled(let item):
                    return .viewRead(.disabledItems(try await reader.disabledItems([item])))
                case .necessary:
                    return .viewRead(.reshardingFlag(try await reader.reshardingFlag()))
                case .failoverQueue:
                    return .failoverQueueRead(hasItems: try await reader.failoverQueueHasItems())
                case .itemRunning(let item):
                    return try await reader.watchRunning(item) ? nil : .runningMarkGone(item: item)
                case .trigger:
                    return try await reader.takeTrigger(for: instance) ? .manualTrigger : nil
                case .kill:
                    return .killRequested(try await reader.killRequests())
                case .leaderInstance:
                    return .viewRead(.leaderMirror)
                case .backfills:
                    return .backfillsRead(try await reader.backfills())
                case .drains:
                    return .viewRead(.drains(try await reader.drains()))
                case .loadReports:
                    return .viewRead(try await reader.loadReports())
                case .loadReport(let process):
                    return .viewRead(.loadReport(process, try await reader.loadReport(process)))
                }
            } catch {
                return .viewReadFailed(watch, reason: "\(error)")
            }
        }
    }

    func readDisabledItems(_ items: [Int]) {
        let reader = self.reader
        let post = self.post
        io {
            do {
                return .viewRead(.disabledItems(try await reader.disabledItems(items)))
            } catch {
                for item in items { post.yield(.event(.viewReadFailed(.itemDisabled(item), reason: "\(error)"))) }
                return nil
            }
        }
    }

    func loadProgress(_ items: [Int]) {
        let reader = self.reader
        io {
            do {
                return .progressRead(try await reader.progress(of: items))
            } catch {
                return .progressReadFailed(reason: "\(error)")
            }
        }
    }

    /// Watches an item's `running` mark that blocked a claim: when it goes, the instance
    /// catches up (DESIGN 6b).
    func watchRunning(_ item: Int) {
        let reader = self.reader
        let logger = self.logger
        io {
            do {
                return try await reader.watchRunning(item) ? nil : .runningMarkGone(item: item)
            } catch {
                logger.debug("cannot watch item \(item)'s running mark: \(error)")
                return nil
            }
        }
    }
}
