"""What the plugin has: the passes its registration table names, and the
options and pass names a built plugin accepts (asked from opt)."""

import os
import re
import subprocess

from . import toolchain


def registered_passes():
    """The coroslim pass names of the registration table (Passes[] in
    passes/Plugin.cpp), in its order: the pipeline order."""
    with open(os.path.join(toolchain.ROOT, "passes", "Plugin.cpp")) as f:
        text = f.read()
    table = text[text.index("Passes[]"):]
    table = table[:table.index("};")]
    names = []
    for n in re.findall(r'\{\s*"(coroslim-[a-z0-9-]+)"', table):
        if n not in names:
            names.append(n)
    return names


def accepts(plugin, *flags, opt=None, passes="verify", env=None):
    """Does opt with the plugin loaded accept these flags and this pipeline?
    An unknown option, parameter or pass name is an error, so this is
    exact."""
    try:
        p = subprocess.run(
            [opt or toolchain.tool("opt"), "-load-pass-plugin=%s" % plugin,
             *flags, "-passes=%s" % passes, "-disable-output"],
            input="", capture_output=True, text=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0


def options(plugin, opt=None):
    """The -coroslim-* options the plugin registers (hidden ones included)."""
    try:
        out = subprocess.run(
            [opt or toolchain.tool("opt"), "-load-pass-plugin=%s" % plugin,
             "--help-hidden"], capture_output=True, text=True,
            timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return set(re.findall(r"-(coroslim-[a-z-]+)", out))
