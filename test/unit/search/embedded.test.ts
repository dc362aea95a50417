import { engineContract } from './contract.ts';
import { createEmbeddedEngine } from '../../../search/embedded/index.ts';

engineContract('embedded', () => createEmbeddedEngine());
