import * as source from '../src/verify';
import { describeRfc6962 } from './support/rfc6962';

describeRfc6962('src/verify', source);
