extension ProblemRecorder {
    /// Records the problems of an optional section as warnings: the environment still loads,
    /// without the feature. Errors keep their kind, key and fix, and their message says what the
    /// environment does instead (`consequence`).
    mutating func recordAsWarnings(_ section: ProblemRecorder, consequence: BilingualText) {
        for problem in section.problems {
            let message = problem.severity == .error
                ? BilingualText(
                    problem.localizedMessage.english + " " + consequence.english,
                    problem.localizedMessage.french + " " + consequence.french)
                : problem.localizedMessage
            warning(problem.kind, key: problem.key, message, fix: problem.localizedFix)
        }
    }
}
