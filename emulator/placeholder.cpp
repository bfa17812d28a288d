// replaced by the emulator
