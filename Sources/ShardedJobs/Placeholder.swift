// Placeholder until the job core lands.
