#if !(Console && SQLiteTracing && PostgresTracing)
import Foundation

/// The console built without its traits: it says how to build it with them.
@main
struct TraitsMissing {
    static func main() {
        FileHandle.standardError.write(
            Data(
                "sharded-console needs the Console, SQLiteTracing and PostgresTracing traits: swift build --enable-all-traits --product sharded-console\n"
                    .utf8))
        exit(64)
    }
}
#endif
