"""The lit test format of test/lit.cfg.py: lit's ShTest, finding only the
tests of one suite. A test's suite is that of its top-level directory under
test/: `e2e` for the directories that build and run programs many times
over, `fast` for every other. (A class lit can pickle for its workers must
live in an importable module, hence here and not in lit.cfg.py.)"""

import lit.formats


class SuiteShTest(lit.formats.ShTest):
    def __init__(self, suite, e2e_dirs, execute_external=False):
        super().__init__(execute_external=execute_external)
        self.suite = suite
        self.e2e_dirs = frozenset(e2e_dirs)

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig,
                            localConfig):
        if self.suite != "all" and path_in_suite and \
                (path_in_suite[0] in self.e2e_dirs) != (self.suite == "e2e"):
            return
        yield from super().getTestsInDirectory(testSuite, path_in_suite,
                                               litConfig, localConfig)
