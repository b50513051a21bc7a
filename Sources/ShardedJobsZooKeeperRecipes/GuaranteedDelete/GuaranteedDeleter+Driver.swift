import Logging
import ShardedJobsZooKeeper

extension GuaranteedDeleter {
    /// The deleter's driver: which deletes are being attempted, and whether the connection is
    /// up; changed only by `handle(_:)`, one input at a time, inside `run()`.
    ///
    /// A round of attempts runs as a job (so deletes proceed in parallel) and reports back
    /// with the connection *epoch* it started in. The epoch rises with every `connected` and
    /// `reconnected`: a round that failed after the connection came back in the meantime is
    /// started again at once; one that failed in the current epoch waits for the next.
    struct Driver {
        let deleter: GuaranteedDeleter
        let inbox: RecipeInbox<Input>
        private var connected = false
        private var epoch = 0
        private var inFlight: Set<ObjectIdentifier> = []

        init(deleter: GuaranteedDeleter, inbox: RecipeInbox<Input>) {
            self.deleter = deleter
            self.inbox = inbox
        }

        /// Handles one input; false when the deleter should stop (the client stopped).
        mutating func handle(_ input: Input) -> Bool {
            switch input {
            case .request(let deletion):
                if connected { start(deletion) }
            case .session(.connected), .session(.reconnected):
                connected = true
                epoch += 1
                for deletion in deleter.pendingDeletions { start(deletion) }
            case .session(.suspended), .session(.lost):
                connected = false
            case .attempted(let deletion, let attempt, let startedIn):
                inFlight.remove(ObjectIdentifier(deletion))
                switch attempt {
                case .settled(let outcome):
                    deleter.logger.debug(
                        "guaranteed delete settled", metadata: ["zk.path": "\(deletion.path)", "zk.outcome": "\(outcome)"])
                    if case .failed(let error) = outcome {
                        deleter.logger.error(
                            "guaranteed delete refused", metadata: ["zk.path": "\(deletion.path)", "zk.error": "\(error)"])
                    }
                    deleter.settle(deletion, outcome)
                case .retryLater(let error):
                    if connected, startedIn != epoch {
                        start(deletion)
                    } else {
                        deleter.logger.warning(
                            "guaranteed delete still pending; trying again after the next reconnect",
                            metadata: ["zk.path": "\(deletion.path)", "zk.error": "\(error)"])
                    }
                }
            case .clientStopped:
                return false
            }
            return true
        }

        private mutating func start(_ deletion: GuaranteedDeletion) {
            guard deletion.outcome == nil, inFlight.insert(ObjectIdentifier(deletion)).inserted else { return }
            let deleter = deleter
            let epoch = epoch
            inbox.run {
                .attempted(deletion, await deleter.attempt(deletion), epoch: epoch)
            }
        }
    }
}
