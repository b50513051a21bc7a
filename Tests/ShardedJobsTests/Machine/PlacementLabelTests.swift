import Testing

@testable import ShardedJobs

/// Labels (issue 20 item 1, DESIGN 12.8): a job's `label` restricts its items to instances
/// carrying it; with none, the items go to nobody.
@Suite("Placement labels")
struct PlacementLabelTests {
    static let gpu = JobInstanceID(ip: "10.0.0.1", pid: 1)
    static let plain = JobInstanceID(ip: "10.0.0.2", pid: 2)

    /// A view of a 4-item job labelled `label` with both instances live, their labels read.
    static func view(label: String?, labels: [JobInstanceID: Set<String>]) throws -> JobView {
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 4)
        configuration.label = label
        var view = JobView(configuration: configuration)
        view.instances = [gpu, plain]
        view.labels = labels
        view.epoch = 3
        return view
    }

    @Test("only instances carrying the label get items; without a label every instance does")
    func eligible() throws {
        let strategies = ShardingStrategies()
        var view = try Self.view(label: "gpu", labels: [Self.gpu: ["gpu", "ssd"], Self.plain: ["ssd"]])
        #expect(view.eligibleInstances == [Self.gpu])
        let computed = try #require(view.computedAssignment(strategies))
        #expect(computed == [0: Self.gpu, 1: Self.gpu, 2: Self.gpu, 3: Self.gpu])
        view.owners = [0: Self.plain, 1: Self.plain, 2: Self.gpu, 3: Self.gpu]
        #expect(view.needsResharding(strategies), "the label excludes the owner of items 0 and 1")
        view.owners = computed
        #expect(!view.needsResharding(strategies) && view.unplacedReason == nil)
        view.configuration.label = nil
        #expect(view.eligibleInstances?.count == 2 && view.needsResharding(strategies), "no label: both take items")
    }

    @Test("while an instance's labels are being read nothing is computed and nothing reshards")
    func unknownLabels() throws {
        var view = try Self.view(label: "gpu", labels: [Self.gpu: ["gpu"]])
        view.owners = [0: Self.plain]
        #expect(view.eligibleInstances == nil && view.computedAssignment(ShardingStrategies()) == nil)
        #expect(!view.needsResharding(ShardingStrategies()))
    }

    @Test("with no live instance carrying the label the items go to nobody, with the reason; then nothing reshards")
    func nobody() throws {
        let strategies = ShardingStrategies()
        for staticSharding in [false, true] {
            var view = try Self.view(label: "gpu", labels: [Self.gpu: [], Self.plain: ["ssd"]])
            view.configuration.staticSharding = staticSharding
            view.owners = [0: Self.gpu, 1: Self.plain, 2: Self.gpu, 3: Self.plain]
            #expect(view.computedAssignment(strategies) == [:])
            #expect(view.unplacedReason == "no instance carries label \"gpu\"")
            #expect(view.needsResharding(strategies), "the owners lack the label (static: \(staticSharding))")
            view.owners = [:]
            #expect(!view.needsResharding(strategies), "assigned to nobody: settled (static: \(staticSharding))")
            // A carrier appears: its items are given to it.
            view.labels[Self.gpu] = ["gpu"]
            #expect(view.unplacedReason == nil && view.needsResharding(strategies))
        }
    }

    @Test("an instance without the job's label runs nothing, even items it still owns; one with it runs them")
    func carrier() throws {
        for (labels, runs) in [(Set<String>(), false), (["gpu"], true)] {
            var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            configuration.label = "gpu"
            var settings = JobMachineSettings()
            settings.labels = labels
            var machine = JobMachine(instance: JobMachineTests.me, configuration: configuration, settings: settings)
            _ = machine.handle(.sessionConnected(sessionID: 7), now: 15_000)
            var outcome = JobMachineTests.reregistration(sessionID: 7, configuration: configuration)
            outcome.labels = [JobMachineTests.me: labels]
            _ = machine.handle(.registered(outcome), now: 15_000)
            let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
            let claims = fired.filter { if case .claim = $0 { true } else { false } }
            #expect(claims.isEmpty != runs, "labels \(labels)")
        }
    }

    @Test("a new label makes the leader read the instances' labels and check the assignment at once")
    func labelChanged() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.leadershipChanged(isLeader: true), now: 15_000)
        var configuration = machine.configuration
        configuration.label = "gpu"
        let actions = machine.handle(.viewRead(.configuration(.success(configuration), modifiedAt: 15_100, version: 2)), now: 15_100)
        #expect(actions.contains { if case .read(.instances) = $0 { true } else { false } })
        #expect(actions.contains { if case .startTimer(.reshardDebounce, _) = $0 { true } else { false } })
        // The labels arrive with the instances: none carries it, so the items go to nobody.
        _ = machine.handle(.viewRead(.instances([JobMachineTests.me], leaseValid: true, labels: [JobMachineTests.me: []])), now: 15_200)
        #expect(machine.view.unplacedReason == "no instance carries label \"gpu\"")
        #expect(machine.view.needsResharding(ShardingStrategies()))
    }
}
